import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { loadConfig, oidcEnabled } from "@/lib/config";
import { sameOriginRedirect } from "@/lib/domain/callback-url";
import { tooManyAttemptsMessage } from "@/lib/domain/sign-in-throttle";
import { signInSchema } from "@/lib/schemas/users";
import { CLIENT_ADDRESS_HEADER } from "@/lib/server/auth/client-address";
import { sessionSecret } from "@/lib/server/secrets";
import { endSession, oidcAccountStatus, signInWithOidc, verifyCredentials } from "@/lib/server/users";

export const SIGN_IN_ERRORS = {
  invalid: "Email or password is incorrect.",
  disabled: "This account is disabled. Ask an admin to enable it.",
  oidcUnknown: "Single sign-on worked, but there is no Remedy account for that email. Ask an admin to invite you.",
} as const;

/** Sessions are signed with REMEDY_SECRET or the installation's own session secret. */
export async function authOptions(): Promise<NextAuthOptions> {
  const config = loadConfig();
  const secret = await sessionSecret();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const parsed = signInSchema.safeParse(credentials ?? {});
        if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? SIGN_IN_ERRORS.invalid);
        const requestId = headerValue(req?.headers?.["x-request-id"]);
        const address = headerValue(req?.headers?.[CLIENT_ADDRESS_HEADER]);
        const result = await verifyCredentials(parsed.data.email, parsed.data.password, { requestId, address });
        if (!result.ok) throw new Error(result.reason === "throttled" ? tooManyAttemptsMessage(result.retryAfterMs) : SIGN_IN_ERRORS[result.reason]);
        const { user } = result;
        return { id: user.id, email: user.email, name: user.name, sv: user.sessionVersion, sid: user.sessionId };
      },
    }),
  ];
  if (oidcEnabled(config)) {
    providers.push({
      id: "oidc",
      name: config.OIDC_NAME,
      type: "oauth",
      wellKnown: `${config.OIDC_ISSUER!.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: config.OIDC_CLIENT_ID,
      clientSecret: config.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile: (profile: { sub: string; email?: string; name?: string }) => ({
        id: profile.sub,
        email: profile.email ?? "",
        name: profile.name ?? "",
      }),
    });
  }
  return {
    secret,
    providers,
    session: { strategy: "jwt", maxAge: Math.round(config.REMEDY_SESSION_HOURS * 3600) },
    pages: { signIn: "/signin", error: "/signin" },
    logger: {
      error: (code, metadata) => console.error(JSON.stringify({ level: "error", source: "next-auth", code, metadata: String(metadata) })),
      warn: () => {},
      debug: () => {},
    },
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider !== "oidc") return true;
        const status = await oidcAccountStatus(user.email ?? "");
        if (status === "ok") return true;
        return `/signin?error=${status === "disabled" ? "disabled" : "oidcUnknown"}`;
      },
      // The token names a server-side session (sid): every request checks it is still open.
      async jwt({ token, user, account }) {
        if (user && account?.provider === "credentials") {
          const started = user as { sv?: number; sid?: string };
          token.uid = user.id;
          token.sv = started.sv ?? 0;
          token.sid = started.sid;
        } else if (user && account?.provider === "oidc") {
          const result = await signInWithOidc(user.email ?? "");
          if (result.ok) {
            token.uid = result.user.id;
            token.sv = result.user.sessionVersion;
            token.sid = result.user.sessionId;
          }
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, uid: token.uid, sv: token.sv, sid: token.sid };
      },
      // Only this site: a callbackUrl to another host (or one a browser would read as such) lands on the home page.
      async redirect({ url, baseUrl }) {
        return sameOriginRedirect(url, baseUrl);
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await endSession(token.sid);
      },
    },
  };
}

function headerValue(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
