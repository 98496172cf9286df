"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import styles from "@/components/rollouts/rollouts.module.css";
import { FormError } from "@/components/ui/form-error";
import { Time } from "@/components/ui/time";
import { useAction } from "@/components/ui/use-action";
import { acknowledgeTripAction } from "@/lib/actions/rollouts";

export interface OpenTrip {
  id: string;
  /** kn_<knowledge entry id> or mv_<model version id>. */
  capability: string;
  rolloutId: string | null;
  applied: number;
  failed: number;
  rate: number;
  threshold: number;
  at: Date;
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** Where a disabled capability can be looked at: its knowledge entry, or the rollout it paused. */
function CapabilityName({ trip }: { trip: OpenTrip }) {
  const name = <span className="mono">{trip.capability}</span>;
  if (trip.capability.startsWith("kn_")) return <Link href={`/knowledge/${trip.capability.slice(3)}`} title="The knowledge entry">{name}</Link>;
  if (trip.rolloutId) return <Link href={`/rollouts/${trip.rolloutId}`} title="The rollout whose candidate it is">{name}</Link>;
  return name;
}

/**
 * Every capability the circuit breaker disabled, on every console page until someone who
 * manages rollouts acknowledges it.
 */
export function BreakerBanner({ trips, canAcknowledge }: { trips: OpenTrip[]; canAcknowledge: boolean }) {
  if (trips.length === 0) return null;
  return (
    <div className={styles.banner} role="alert" aria-label="Circuit breaker">
      <ul>
        {trips.map((trip) => (
          <li key={trip.id}>
            <span className={styles.bannerText}>
              <strong>Circuit breaker:</strong> <CapabilityName trip={trip} /> disabled — {trip.failed} of {trip.applied} applied corrections failed
              ({percent(trip.rate)}, threshold {percent(trip.threshold)}) at <Time value={trip.at} />
            </span>
            <Link href="/rollouts">Open rollouts</Link>
            {canAcknowledge ? <AcknowledgeButton tripId={trip.id} /> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function AcknowledgeButton({ tripId }: { tripId: string }) {
  const router = useRouter();
  const acknowledge = useAction(acknowledgeTripAction, { onSuccess: () => router.refresh() });
  return (
    <>
      <button type="button" className="btn btn-small" disabled={acknowledge.pending} onClick={() => void acknowledge.run({ tripId })}>
        {acknowledge.pending ? "Acknowledging…" : "Acknowledge"}
      </button>
      <FormError state={acknowledge} />
    </>
  );
}
