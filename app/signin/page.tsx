import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { loadConfig, oidcEnabled } from "@/lib/config";
import { afterSignInPath } from "@/lib/domain/callback-url";
import { currentUser } from "@/lib/server/auth/guard";
import { SIGN_IN_ERRORS } from "@/lib/server/auth/options";

export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = afterSignInPath(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  const config = loadConfig();
  const notice = params.reason === "expired" ? "Your session has expired. Sign in again to continue."
    : params.reason === "disabled" ? "Your account was disabled, so you were signed out. Ask an admin to enable it." : null;
  const errorKey = params.error as keyof typeof SIGN_IN_ERRORS | undefined;
  const error = errorKey && errorKey in SIGN_IN_ERRORS ? SIGN_IN_ERRORS[errorKey]
    : params.error ? "Sign-in failed. Try again, or ask an admin." : null;
  return (
    <div className="auth-page">
      <div className="auth-card">
        <h1>Sign in to Remedy</h1>
        <p className="muted">Self-healing for your AI agents.</p>
        {notice ? <div className="alert alert-warn" role="status">{notice}</div> : null}
        <SignInForm
          callbackUrl={callbackUrl}
          initialError={error}
          oidc={oidcEnabled(config) ? { name: config.OIDC_NAME } : null}
        />
      </div>
    </div>
  );
}
