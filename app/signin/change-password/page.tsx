import { redirect } from "next/navigation";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { afterSignInPath } from "@/lib/domain/callback-url";
import { currentUser } from "@/lib/server/auth/guard";

export const metadata = { title: "Choose your password" };

/**
 * Where someone holding a one-time password from an admin (an invitation, a reset) lands
 * from every console page until they choose their own.
 */
export default async function ChangeOneTimePasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = afterSignInPath(params.callbackUrl);
  const user = await currentUser();
  if (!user) redirect(`/signin?${new URLSearchParams({ callbackUrl: "/signin/change-password" })}`);
  if (!user.mustChangePassword) redirect(callbackUrl);
  return (
    <div className="auth-page">
      <main className="auth-card">
        <h1>Choose your password</h1>
        <p className="muted">
          {user.email} signed in with a one-time password from an admin. Choose a password of your own to continue; the one-time password then stops working.
        </p>
        <ChangePasswordForm oneTime={{ callbackUrl }} />
        <p style={{ marginTop: 16 }}><SignOutButton /></p>
      </main>
    </div>
  );
}
