import { AgentRollouts } from "@/components/rollouts/agent-rollouts";
import { isLive } from "@/components/rollouts/format";
import { LiveRefresh } from "@/components/rollouts/live-refresh";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHead } from "@/components/ui/page-head";
import { can } from "@/lib/domain/roles";
import { parseSteps } from "@/lib/domain/rollouts";
import { requirePage } from "@/lib/server/auth/guard";
import { listModelVersions } from "@/lib/server/models";
import { listRollouts } from "@/lib/server/rollouts";
import { getListSettings, getSettings } from "@/lib/server/settings";

export const metadata = { title: "Rollouts" };

export default async function RolloutsPage() {
  const user = await requirePage("rollouts");
  const manage = can(user.role, "rollouts:manage");
  const [{ rollouts, agents }, settings, lists] = await Promise.all([listRollouts(), getSettings(), getListSettings()]);
  // Only people who may start a rollout see candidates: a PASS safety evaluation, not already serving.
  const candidates = new Map(
    manage
      ? await Promise.all(agents.map(async (agent) => {
          const { versions } = await listModelVersions({ agentId: agent.id });
          return [agent.id, versions.filter((version) => version.safetyStatus === "PASS" && !version.serving)] as const;
        }))
      : [],
  );
  const steps = parseSteps([settings["canary.initialPercent"], ...lists["canary.laterSteps"]].join(","));
  const defaults = {
    steps: steps.ok ? steps.steps : [],
    windowMinutes: settings["canary.windowMinutes"],
    minInteractionsPerArm: settings["canary.minInteractionsPerArm"],
  };
  const live = rollouts.filter((rollout) => isLive(rollout.status));
  // Agents with a live rollout first; the rest keep their alphabetical order.
  const ordered = [...agents].sort((a, b) => Number(live.some((r) => r.agentId === b.id)) - Number(live.some((r) => r.agentId === a.id)));

  return (
    <>
      <PageHead
        title="Rollouts"
        description={`Candidate versions go out behind canaries, ${steps.ok ? `${defaults.steps.map((step) => `${step}%`).join(" → ")} of traffic, ` : ""}each step gated on a ${Math.round(settings["canary.minErrorReduction"] * 100)}% lower error rate, under ${settings["canary.maxLatencyIncreaseMs"]} ms added latency and at most ${Math.round(settings["breaker.correctionFailureRate"] * 100)}% failed corrections. ${live.length} live now.`}
      />
      <LiveRefresh scope="list" live={live.length > 0} intervalMs={5_000} />
      {!steps.ok && manage ? (
        <div className="alert alert-error" role="alert">
          The canary steps in Settings are not usable ({steps.error}): fix &ldquo;First canary step&rdquo; and &ldquo;Later canary steps&rdquo; before starting a rollout.
        </div>
      ) : null}
      {agents.length === 0 ? (
        <EmptyState
          title="No agents yet"
          steps={[
            "An admin creates an agent on the Agents page and issues it an API key.",
            "A distillation run, or a pipeline posting to /api/v1/ops/model-versions, produces a model version that passes its safety evaluation.",
            "An operator starts a rollout here; the agent asks GET /api/v1/route which version each caller gets.",
          ]}
        >
          Each agent gets a panel here with its stable version, its live rollout and the rollouts before it.
        </EmptyState>
      ) : (
        ordered.map((agent) => {
          const own = rollouts.filter((rollout) => rollout.agentId === agent.id);
          return (
            <AgentRollouts
              key={agent.id}
              agent={agent}
              live={own.find((rollout) => isLive(rollout.status)) ?? null}
              past={own.filter((rollout) => !isLive(rollout.status))}
              candidates={(candidates.get(agent.id) ?? []).map(({ id, version, holdOutAccuracy, sandboxSuccessRate }) => ({ id, version, holdOutAccuracy, sandboxSuccessRate }))}
              defaults={defaults}
              canManage={manage}
            />
          );
        })
      )}
    </>
  );
}
