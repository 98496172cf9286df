/**
 * `remedy rollout …`: a thin client of /api/v1/ops/rollouts for release
 * pipelines. Token from REMEDY_TOKEN (a personal access token), server from
 * --url or REMEDY_URL (default http://localhost:3000). Exit codes: 0 ok,
 * 1 refused (bad input, 4xx: the message on standard error), 2 failure.
 */
import { parseArgs } from "node:util";

export const ROLLOUT_USAGE = `Usage: npm run --silent remedy -- rollout <start|promote|pause|resume|rollback|status> [options]

  rollout start --agent N --version V [--auto-promote] [--on-fail PAUSE|ROLLBACK] [--window-minutes M]
  rollout promote|pause|resume|rollback --id ROLLOUT [--revision R]
  rollout status [--id ROLLOUT | --agent N]

Options: --url URL (or REMEDY_URL; default http://localhost:3000), --json (print the API's JSON).
The token comes from REMEDY_TOKEN (create one on the Account page or with issue-token).`;

export class CliRefused extends Error {}

export async function rolloutCli(argv: string[]): Promise<number> {
  const [change, ...rest] = argv;
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: rest,
      options: {
        agent: { type: "string" }, version: { type: "string" }, id: { type: "string" }, revision: { type: "string" },
        "auto-promote": { type: "boolean" }, "on-fail": { type: "string" }, "window-minutes": { type: "string" },
        url: { type: "string" }, json: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new CliRefused(`${(error as Error).message}\n\n${ROLLOUT_USAGE}`);
  }
  const token = process.env.REMEDY_TOKEN;
  if (!token) throw new CliRefused("Set REMEDY_TOKEN to a personal access token (Account page, or `remedy issue-token --user <email>`).");
  const base = String(values.url ?? process.env.REMEDY_URL ?? "http://localhost:3000").replace(/\/$/, "");
  const need = (flag: string) => {
    const value = values[flag];
    if (typeof value !== "string" || value === "") throw new CliRefused(`--${flag} is required.\n\n${ROLLOUT_USAGE}`);
    return value;
  };
  const revision = values.revision === undefined ? undefined : Number(values.revision);
  if (revision !== undefined && !Number.isInteger(revision)) throw new CliRefused("--revision must be a whole number.");

  let path: string;
  let init: { method: string; body?: unknown } = { method: "GET" };
  switch (change) {
    case "start":
      path = "/api/v1/ops/rollouts";
      init = {
        method: "POST",
        body: {
          agent: need("agent"),
          candidate_version: need("version"),
          auto_promote: Boolean(values["auto-promote"]),
          ...(values["on-fail"] ? { on_fail: String(values["on-fail"]).toUpperCase() } : {}),
          ...(values["window-minutes"] ? { window_minutes: Number(values["window-minutes"]) } : {}),
        },
      };
      break;
    case "promote":
    case "pause":
    case "resume":
    case "rollback":
      path = `/api/v1/ops/rollouts/${encodeURIComponent(need("id"))}/${change}`;
      init = { method: "POST", body: revision === undefined ? {} : { revision } };
      break;
    case "status":
      path = values.id ? `/api/v1/ops/rollouts/${encodeURIComponent(String(values.id))}` : `/api/v1/ops/rollouts${values.agent ? `?agent=${encodeURIComponent(String(values.agent))}` : ""}`;
      break;
    default:
      throw new CliRefused(`Unknown rollout command "${change ?? ""}".\n\n${ROLLOUT_USAGE}`);
  }

  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method: init.method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (error) {
    console.error(`Cannot reach Remedy at ${base}: ${(error as Error).message}`);
    return 2;
  }
  const payload = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (!response.ok) {
    console.error(`${response.status}: ${String(payload?.error ?? response.statusText)}`);
    return response.status >= 500 ? 2 : 1;
  }
  if (values.json) {
    console.log(JSON.stringify(payload, null, 2));
    return 0;
  }
  console.log(summary(payload));
  return 0;
}

interface RolloutLike { id: string; status: string; percent: number; revision: number; statusReason?: string }

function summary(payload: Record<string, unknown> | null): string {
  const one = (payload?.rollout ?? null) as RolloutLike | null;
  if (one) return `${one.id} ${one.status.toLowerCase()} at ${one.percent}% (revision ${one.revision})${one.statusReason ? `: ${one.statusReason}` : ""}`;
  const list = (payload?.rollouts ?? []) as Array<RolloutLike & { candidate: string }>;
  if (list.length === 0) return "No rollouts.";
  return list.map((r) => `${r.id} ${r.candidate} ${r.status.toLowerCase()} at ${r.percent}% (revision ${r.revision})`).join("\n");
}
