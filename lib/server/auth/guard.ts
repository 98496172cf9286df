import { getServerSession } from "next-auth";
import { cookies, headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { canOpen, type Page, type Role } from "@/lib/domain/roles";
import type { RequestContext } from "@/lib/server/actor";
import { loadSessionUser } from "@/lib/server/users";
import { authOptions } from "./options";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

/**
 * The signed-in user, re-read from the database so that role changes and
 * disabling act at once. Cached per request: the layout and the page share one lookup.
 */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(await authOptions());
  if (!session?.uid) return null;
  const user = await loadSessionUser(session.uid, session.sv ?? 0);
  return user ? { id: user.id, email: user.email, name: user.name, role: user.role } : null;
});

export async function requestId(): Promise<string | undefined> {
  return (await headers()).get("x-request-id") ?? undefined;
}

export function userContext(user: SessionUser, id?: string): RequestContext {
  return { actor: { type: "USER", id: user.id, email: user.email, role: user.role }, requestId: id };
}

/** Why there is no session: a cookie that no longer works means it expired or was revoked. */
async function signInReason(): Promise<"expired" | undefined> {
  const jar = await cookies();
  return SESSION_COOKIES.some((name) => jar.has(name)) ? "expired" : undefined;
}

/**
 * The guard of every console page: anonymous visitors go to sign-in and come
 * back afterwards; a signed-in user without the role gets the 403 page.
 */
export async function requirePage(page: Page | null): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) {
    const path = (await headers()).get("x-remedy-path") ?? "/";
    const params = new URLSearchParams({ callbackUrl: path });
    const reason = await signInReason();
    if (reason) params.set("reason", reason);
    redirect(`/signin?${params}`);
  }
  if (page && !canOpen(user.role, page)) forbidden();
  return user;
}
