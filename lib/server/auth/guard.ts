import { getServerSession } from "next-auth";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { canOpen, type Page, type Role } from "@/lib/domain/roles";
import type { RequestContext } from "@/lib/server/actor";
import { endedSessionReason, loadSessionUser } from "@/lib/server/users";
import { authOptions } from "./options";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** The server-side session this request's cookie names. */
  sessionId: string;
  /** An admin's one-time password is in force: every console page sends them to change it. */
  mustChangePassword: boolean;
}

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

/**
 * The signed-in user, re-read from the database with the session the cookie names, so that
 * role changes, disabling, signing out and a password change elsewhere act at once. Cached
 * per request: the layout and the page share one lookup.
 */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  // No session cookie, no session: answered from the request alone, before the signing secret is
  // read from the database. This also marks the page as per-request before anything else runs,
  // so `next build` never opens the database.
  if (!(await hasSessionCookie())) return null;
  const session = await cookieSession();
  // Cookies from before server-side sessions name none: they sign in again.
  if (!session?.uid || !session.sid) return null;
  const user = await loadSessionUser(session.sid, session.uid, session.sv ?? 0);
  return user ? { id: user.id, email: user.email, name: user.name, role: user.role, sessionId: session.sid, mustChangePassword: user.mustChangePassword } : null;
});

/** The session the cookie carries, decoded once per request. */
const cookieSession = cache(async () => getServerSession(await authOptions()));

export async function requestId(): Promise<string | undefined> {
  return (await headers()).get("x-request-id") ?? undefined;
}

export function userContext(user: SessionUser, id?: string): RequestContext {
  return { actor: { type: "USER", id: user.id, email: user.email, role: user.role }, requestId: id };
}

/** next-auth splits a large session token into `<name>.0`, `<name>.1`… cookies. */
async function hasSessionCookie(): Promise<boolean> {
  const jar = await cookies();
  return jar.getAll().some(({ name }) => SESSION_COOKIES.some((cookie) => name === cookie || name.startsWith(`${cookie}.`)));
}

/**
 * Why there is no session: a cookie that no longer works means the account was disabled, or
 * the session expired or was revoked.
 */
async function signInReason(): Promise<"disabled" | "expired" | undefined> {
  if (!(await hasSessionCookie())) return undefined;
  return endedSessionReason((await cookieSession())?.sid);
}

/**
 * The page this request is for, to come back to after signing in. A client-side navigation
 * asks for the page's server components with Next's internal `_rsc` parameter: that is no
 * address for a person, so it is left out.
 */
async function requestedPath(): Promise<string> {
  const raw = (await headers()).get("x-remedy-path") ?? "/";
  const url = new URL(raw, "http://remedy.invalid");
  url.searchParams.delete("_rsc");
  return `${url.pathname}${url.search}`;
}

/** The page where someone holding a one-time password chooses their own. */
export const CHANGE_PASSWORD_PATH = "/signin/change-password";

/**
 * The guard of every console page: anonymous visitors go to sign-in and come
 * back afterwards; someone holding a one-time password goes to change it first; a
 * signed-in user without the role gets the 403 page.
 */
export async function requirePage(page: Page | null): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) {
    const params = new URLSearchParams({ callbackUrl: await requestedPath() });
    const reason = await signInReason();
    if (reason) params.set("reason", reason);
    redirect(`/signin?${params}`);
  }
  if (user.mustChangePassword) redirect(`${CHANGE_PASSWORD_PATH}?${new URLSearchParams({ callbackUrl: await requestedPath() })}`);
  if (page && !canOpen(user.role, page)) forbidden();
  return user;
}
