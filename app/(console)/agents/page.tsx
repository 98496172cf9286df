import { CreateAgentForm, IssueKeyButton, RevokeKeyButton } from "@/components/agents/agent-admin";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHead } from "@/components/ui/page-head";
import { Time } from "@/components/ui/time";
import { can } from "@/lib/domain/roles";
import { stageProgress } from "@/lib/domain/stage";
import { descriptionOf, labelOf } from "@/lib/schemas/labels";
import { getSettings } from "@/lib/server/settings";
import { listAgents } from "@/lib/server/agents";
import { requirePage } from "@/lib/server/auth/guard";

export const metadata = { title: "Agents" };

export default async function AgentsPage() {
  const user = await requirePage("agents");
  const manage = can(user.role, "agents:manage");
  const [agents, settings] = await Promise.all([listAgents(), getSettings()]);
  return (
    <>
      <PageHead title="Agents" description="The agents that report to Remedy, and the API keys they use." />
      {manage ? <CreateAgentForm /> : null}
      {agents.length === 0 ? (
        <EmptyState
          title="No agents yet"
          steps={
            manage
              ? ["Create an agent above.", "Issue it an API key; the key is shown once.", "Have the agent send interactions to POST /api/v1/interactions with 'Authorization: Bearer <key>'."]
              : ["Ask an admin to create an agent and issue it an API key."]
          }
        >
          Every agent that sends interactions has an entry here with its keys and, soon, its stage.
        </EmptyState>
      ) : (
        agents.map((agent) => {
          const active = agent.apiKeys.filter((key) => !key.revokedAt).length;
          const progress = stageProgress(agent.interactionCount, settings);
          return (
            <section key={agent.id} className="panel" aria-label={`Agent ${agent.name}`}>
              <div className="panel-head">
                <div>
                  <h2 style={{ margin: 0 }}>{agent.name}</h2>
                  <div className="muted">{agent.description || "No description."} · created <Time value={agent.createdAt} /></div>
                </div>
                <span className="badge">{active} active {active === 1 ? "key" : "keys"}</span>
              </div>
              <div className="form-row" style={{ marginBottom: 10, alignItems: "center" }} aria-label={`Stage of ${agent.name}`}>
                <span className="badge badge-accent" title={descriptionOf("stage", agent.stage)}>{labelOf("stage", agent.stage)} stage</span>
                <span>{agent.interactionCount.toLocaleString("en-US")} interactions</span>
                {progress.next ? (
                  <>
                    <div className="progress" role="progressbar" aria-label={`Progress to the ${labelOf("stage", progress.next).toLowerCase()} stage`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress.fraction * 100)}>
                      <div style={{ width: `${progress.fraction * 100}%` }} />
                    </div>
                    <span className="muted">{progress.remaining.toLocaleString("en-US")} more to {labelOf("stage", progress.next).toLowerCase()}</span>
                  </>
                ) : (
                  <span className="muted">{descriptionOf("stage", "FULL")}</span>
                )}
              </div>
              {agent.apiKeys.length > 0 ? (
                <div className="table-wrap">
                  <table className="data">
                    <thead>
                      <tr><th>Key</th><th>Created</th><th>Last used</th><th>Status</th>{manage ? <th><span className="faint">Actions</span></th> : null}</tr>
                    </thead>
                    <tbody>
                      {agent.apiKeys.map((key) => (
                        <tr key={key.id}>
                          <td className="mono">{key.prefix}_…</td>
                          <td><Time value={key.createdAt} /></td>
                          <td><Time value={key.lastUsedAt} /></td>
                          <td>{key.revokedAt ? <span className="badge badge-danger">revoked <Time value={key.revokedAt} /></span> : <span className="badge badge-ok">active</span>}</td>
                          {manage ? <td>{key.revokedAt ? null : <RevokeKeyButton prefix={key.prefix} agentName={agent.name} />}</td> : null}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : (
                <p className="muted">No keys yet: this agent cannot send anything until it has one.</p>
              )}
              {manage ? <div style={{ marginTop: 10 }}><IssueKeyButton agentId={agent.id} agentName={agent.name} /></div> : null}
            </section>
          );
        })
      )}
    </>
  );
}
