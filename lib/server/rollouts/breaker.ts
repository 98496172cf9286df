import { getDatabase } from "@/lib/db/client";
import { lockEntry, updateEntry } from "@/lib/db/knowledge";
import { insertBreakerTrip, lockRollout, openBreakerTrips, recentRemedyOutcomes, updateRollout } from "@/lib/db/rollouts";
import { bumpServingVersion } from "@/lib/db/serving";
import { sql } from "@/lib/db/sql";
import { breakerTrips } from "@/lib/domain/rollouts";
import { systemContext, type RequestContext } from "@/lib/server/actor";
import { recordAudit } from "@/lib/server/audit";
import { conflict, notFound } from "@/lib/server/errors";
import { logger } from "@/lib/server/logger";
import { metrics } from "@/lib/server/metrics";
import { servingChanged } from "@/lib/server/remedy";
import { cachedSettings } from "@/lib/server/settings/cache";
import { db } from "@/lib/db/client";

/**
 * The circuit breaker, run right after a batch that applied remedies is
 * stored: a capability (a knowledge entry, or a rollout's candidate version)
 * whose corrections failed more often than the threshold over its last
 * applied remedies is disabled at once. Several processes may judge the same
 * capability; an advisory lock and "is it still on?" make each trip happen once.
 */
export async function checkBreakers(agentId: string, capabilities: string[]): Promise<string[]> {
  if (capabilities.length === 0) return [];
  const settings = await cachedSettings();
  const database = await getDatabase();
  const tripped: string[] = [];
  for (const capability of capabilities) {
    const recent = await database.withConnection((conn) => recentRemedyOutcomes(conn, capability, settings["breaker.window"]));
    if (!breakerTrips(recent, settings["breaker.correctionFailureRate"], settings["breaker.minApplied"])) continue;
    if (await tripBreaker(agentId, capability, recent, settings["breaker.correctionFailureRate"])) tripped.push(capability);
  }
  return tripped;
}

async function tripBreaker(agentId: string, capability: string, recent: { applied: number; failed: number }, threshold: number): Promise<boolean> {
  const prisma = await db();
  const ctx = systemContext("circuit breaker");
  const done = await prisma.$transaction(async (tx) => {
    await tx.$queryRaw(sql`SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(${`breaker:${capability}`}, 0))`);
    const id = capability.slice(3);
    let rolloutId: string | null = null;
    let what: string;
    if (capability.startsWith("kn_")) {
      const entry = await lockEntry(tx, id);
      if (!entry || !entry.enabled) return false;
      await updateEntry(tx, entry.id, { enabled: false });
      what = "knowledge entry deactivated";
    } else {
      const rollout = await tx.rollout.findFirst({ where: { candidateVersionId: id, status: { in: ["RUNNING", "PAUSED"] }, percent: { gt: 0 } }, select: { id: true } });
      if (!rollout) return false;
      await lockRollout(tx, rollout.id);
      const rate = ((recent.failed / recent.applied) * 100).toFixed(1);
      await updateRollout(tx, rollout.id, { percent: 0, status: "PAUSED", statusReason: `circuit breaker: ${recent.failed} of the last ${recent.applied} applied corrections failed (${rate}%)` });
      rolloutId = rollout.id;
      what = "candidate traffic set to 0%";
    }
    const trip = await insertBreakerTrip(tx, { capability, agentId, rolloutId, applied: recent.applied, failed: recent.failed, rate: recent.failed / recent.applied, threshold });
    await bumpServingVersion(tx);
    await recordAudit(tx, ctx, {
      action: "breaker.trip",
      targetType: capability.startsWith("kn_") ? "knowledge_entry" : "model_version",
      targetId: id,
      after: { trip: trip.id, applied: recent.applied, failed: recent.failed, threshold, action: what },
    });
    return true;
  });
  if (done) {
    servingChanged();
    metrics().breakerTrips.inc({ kind: capability.startsWith("kn_") ? "knowledge" : "model" });
    logger().warn({ capability, ...recent }, "circuit breaker tripped");
  }
  return done;
}

/** Runs the breaker for a stored batch without holding up the agent's answer; failures are logged. */
export function checkBreakersSoon(agentId: string, capabilities: string[]): void {
  if (capabilities.length === 0) return;
  checkBreakers(agentId, capabilities).catch((error: unknown) => logger().error({ err: error, capabilities }, "circuit breaker check failed"));
}

export async function listOpenTrips() {
  return openBreakerTrips(await db());
}

export async function acknowledgeTrip(ctx: RequestContext, tripId: string) {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    const trip = await tx.breakerTrip.findUnique({ where: { id: tripId } });
    if (!trip) throw notFound("That breaker trip");
    if (trip.acknowledgedAt) throw conflict("This trip was already acknowledged.");
    const by = ctx.actor.type === "USER" ? ctx.actor.email : "system";
    await tx.breakerTrip.update({ where: { id: tripId }, data: { acknowledgedAt: new Date(), acknowledgedBy: by } });
    await recordAudit(tx, ctx, { action: "breaker.acknowledge", targetType: "breaker_trip", targetId: tripId, after: { capability: trip.capability } });
  });
}
