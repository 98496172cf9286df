/** What every server action answers (see lib/server/http/action.ts); crosses to the browser. */
export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; fieldErrors?: Record<string, string> };
