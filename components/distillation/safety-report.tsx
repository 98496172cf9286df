import { RedactedText } from "@/components/ui/redacted-text";
import type { SafetyReport as Report } from "@/lib/domain/safety";
import { whole } from "./format";

const CHECK_NAMES: Record<Report["checks"][number]["name"], string> = {
  personal_data: "No personal data in its outputs",
  deny_list: "No output on the deny-list",
  accuracy: "Hold-out accuracy at the target",
};

/** The safety evaluation as stored with the model version: only PASS may enter a rollout. */
export function SafetyReport({ report, version }: { report: Report | null; version: string }) {
  if (!report) {
    return <p className="muted">Model version {version} has no safety report yet; it cannot enter a rollout until it is evaluated.</p>;
  }
  const passed = report.status === "PASS";
  return (
    <>
      <div className={`alert ${passed ? "alert-ok" : "alert-error"} safety-banner`} data-testid="safety-status">
        <strong>{report.status}</strong>{" "}
        {passed
          ? `Model version ${version} passed all ${report.checks.length} checks on ${whole(report.outputsChecked)} distinct outputs: it may enter a rollout.`
          : `Model version ${version} failed ${report.checks.filter((check) => !check.passed).length} of ${report.checks.length} checks: it cannot enter a rollout.`}
      </div>
      <ul className="checks" aria-label="Safety checks">
        {report.checks.map((check) => (
          <li key={check.name} className={check.passed ? "check-pass" : "check-fail"}>
            <span className="check-mark" aria-hidden="true">{check.passed ? "✓" : "✗"}</span>
            <span>
              <strong>{CHECK_NAMES[check.name]}</strong> <span className="sr-only">{check.passed ? "passed" : "failed"}</span>
              <span className="muted"> — {check.detail}</span>
            </span>
          </li>
        ))}
      </ul>
      {report.offending.length > 0 ? (
        <div className="table-wrap" style={{ marginTop: 10 }}>
          <table className="data" aria-label="Offending outputs">
            <thead><tr><th>Output</th><th>Why it fails</th></tr></thead>
            <tbody>
              {report.offending.map((item, index) => (
                <tr key={index}>
                  <td><div className="template"><RedactedText text={item.output} /></div></td>
                  <td className="muted">{item.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
