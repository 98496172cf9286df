import type { SandboxReport as Report } from "@/lib/schemas/distillation";
import { percent, whole } from "./format";

/** Recorded failures the candidate did not train on, answered again: how often it gives the approved correction. */
export function SandboxReport({ sandbox }: { sandbox: Report | null }) {
  if (!sandbox) return <p className="muted">No sandbox replay was recorded for this model version.</p>;
  if (sandbox.replayed === 0) {
    return <p className="muted">Nothing to replay: every approved sample of this agent was used for training. Replays need approved failures the model did not learn from.</p>;
  }
  return (
    <dl className="stats sandbox">
      <dt>Failures replayed</dt>
      <dd>{whole(sandbox.replayed)}</dd>
      <dt>Candidate alone gives the approved correction</dt>
      <dd>{whole(sandbox.modelSuccess)} <span className="faint">({percent(sandbox.modelSuccessRate)})</span></dd>
      <dt>With active knowledge answering first</dt>
      <dd>{whole(sandbox.withKnowledgeSuccess)} <span className="faint">({percent(sandbox.withKnowledgeSuccessRate)})</span></dd>
    </dl>
  );
}
