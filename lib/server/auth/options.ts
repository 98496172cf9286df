import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { loadConfig, oidcEnabled } from "@/lib/config";
import { signInSchema } from "@/lib/schemas/users";
import { sessionSecret } from "@/lib/server/secrets";
import { findUserForSession, signInWithOidc, verifyCredentials } from "@/lib/server/users";

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
        const result = await verifyCredentials(parsed.data.email, parsed.data.password, requestId);
        if (!result.ok) throw new Error(SIGN_IN_ERRORS[result.reason]);
        return { id: result.user.id, email: result.user.email, name: result.user.name, sv: result.user.sessionVersion };
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
        const result = await signInWithOidc(user.email ?? "");
        if (result.ok) return true;
        return `/signin?error=${result.reason === "disabled" ? "disabled" : "oidcUnknown"}`;
      },
      async jwt({ token, user, account }) {
        if (user && account?.provider === "credentials") {
          token.uid = user.id;
          token.sv = (user as { sv?: number }).sv ?? 0;
        } else if (user && account?.provider === "oidc") {
          const found = await findUserForSession(user.email ?? "");
          if (found) {
            token.uid = found.id;
            token.sv = found.sessionVersion;
          }
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, uid: token.uid, sv: token.sv };
      },
    },
  };
}

function headerValue(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
