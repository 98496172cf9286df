import { Time } from "@/components/ui/time";
import type { JobStatus } from "@/lib/domain/jobs";
import type { JobView } from "@/lib/schemas/jobs";
import { labelOf } from "@/lib/schemas/labels";
import { JobActions } from "./job-actions";

const BADGES: Record<JobStatus, string> = {
  QUEUED: "badge",
  RUNNING: "badge badge-accent",
  SUCCEEDED: "badge badge-ok",
  FAILED: "badge badge-danger",
  CANCELLED: "badge",
};

/** Jobs newest first; failures show their last error in full, not behind a click. */
export function JobTable({ jobs, canManage }: { jobs: JobView[]; canManage: boolean }) {
  return (
    <div className="table-wrap">
      <table className="data" aria-label="Jobs">
        <thead>
          <tr>
            <th>Job</th><th>Status</th><th className="num">Attempts</th><th>Progress</th><th>When</th><th>Last error</th><th>Created</th>
            {canManage ? <th><span className="faint">Actions</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id}>
              <td><span className="mono">{job.kind}</span><div className="faint mono">#{job.id}</div></td>
              <td>
                <span className={BADGES[job.status]}>{labelOf("jobStatus", job.status)}</span>
                {job.cancelRequested && job.status === "RUNNING" ? <div className="faint">cancelling…</div> : null}
                {job.lockedBy && job.status === "RUNNING" ? <div className="faint mono" title="The runner holding it">{job.lockedBy}</div> : null}
              </td>
              <td className="num">{job.attempts} of {job.maxAttempts}</td>
              <td><Progress job={job} /></td>
              <td><When job={job} /></td>
              <td>{job.lastError ? <div className="json" style={{ color: job.status === "FAILED" ? "var(--danger)" : undefined }}>{job.lastError}</div> : <span className="faint">—</span>}</td>
              <td><Time value={job.createdAt} /><div className="faint">{job.createdBy}</div></td>
              {canManage ? <td className="nowrap"><JobActions job={job} /></td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The time that matters now: when a queued job may start (a retry waits out its backoff), when a running one started, when a job ended. */
function When({ job }: { job: JobView }) {
  if (job.status === "QUEUED") return <><span className="faint">runs </span><Time value={job.runAt} /></>;
  if (job.status === "RUNNING") return <><span className="faint">started </span><Time value={job.startedAt} /></>;
  return <><span className="faint">ended </span><Time value={job.finishedAt} /></>;
}

function Progress({ job }: { job: JobView }) {
  if (job.status === "QUEUED") return <span className="faint">not started</span>;
  const percent = Math.round(job.progress * 100);
  return (
    <>
      <div className="progress" style={{ width: 100 }} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label={`Job ${job.id} progress`}>
        <div style={{ width: `${percent}%` }} />
      </div>
      <div className="faint">{percent}%{job.progressNote && job.status === "RUNNING" ? ` · ${job.progressNote}` : ""}</div>
    </>
  );
}
