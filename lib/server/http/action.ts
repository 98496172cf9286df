import type { z } from "zod";
import type { ActionResult } from "@/lib/schemas/action-result";
import { can, type Permission } from "@/lib/domain/roles";
import type { RequestContext } from "../actor";
import { currentUser, requestId, type SessionUser } from "../auth/guard";
import { databaseUnavailable, UserError } from "../errors";
import { noteDatabaseUnavailable } from "../health";
import { logger } from "../logger";

export type { ActionResult };

/** The permission of the one action a user with a one-time password may call. */
export const CHANGE_OWN_PASSWORD = "account.changePassword";

export interface ActionContext extends RequestContext {
  user: SessionUser;
}

/**
 * The one wrapper of every server action: parse with zod, check the
 * caller's permission on the server, run one use-case, and turn failures
 * into a message the form can show. `null` permission means any signed-in user.
 */
export function action<S extends z.ZodType, T>(
  permission: Permission | typeof CHANGE_OWN_PASSWORD | null,
  schema: S,
  run: (input: z.output<S>, ctx: ActionContext) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    const id = await requestId();
    try {
      const user = await currentUser();
      if (!user) return { ok: false, error: "Your session has ended. Sign in again." };
      // A one-time password opens the change-password page and nothing else, pages or actions.
      if (user.mustChangePassword && permission !== CHANGE_OWN_PASSWORD) {
        return { ok: false, error: "Set your own password first: your password was handed over once and must be changed." };
      }
      if (permission && permission !== CHANGE_OWN_PASSWORD && !can(user.role, permission)) {
        return { ok: false, error: `Your role (${user.role.toLowerCase()}) does not allow this.` };
      }
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        const fieldErrors: Record<string, string> = {};
        for (const issue of parsed.error.issues) fieldErrors[issue.path.join(".") || "form"] ??= issue.message;
        return { ok: false, error: parsed.error.issues[0]?.message ?? "Check the form.", fieldErrors };
      }
      const ctx: ActionContext = { actor: { type: "USER", id: user.id, email: user.email, role: user.role }, requestId: id, user };
      return { ok: true, data: await run(parsed.data, ctx) };
    } catch (error) {
      if (error instanceof UserError) {
        return { ok: false, error: error.message, fieldErrors: error.fieldErrors };
      }
      if (databaseUnavailable(error)) {
        noteDatabaseUnavailable(error);
        logger().warn({ err: error, requestId: id }, "server action failed: the database is unavailable");
        return { ok: false, error: "The database is unavailable right now; nothing was saved. Try again in a few seconds." };
      }
      logger().error({ err: error, requestId: id }, "server action failed");
      return { ok: false, error: `Something went wrong on the server. Quote request id ${id ?? "(none)"} when reporting it.` };
    }
  };
}
