"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

export function SignInForm({ callbackUrl, initialError, oidc }: { callbackUrl: string; initialError: string | null; oidc: { name: string } | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      redirect: false,
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    });
    if (!result || result.error) {
      setPending(false);
      setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Email or password is incorrect.");
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <>
      <form onSubmit={submit} noValidate>
        {error ? <div className="alert alert-error" role="alert">{error}</div> : null}
        <label className="field">
          Email
          <input name="email" type="email" autoComplete="username" required autoFocus />
        </label>
        <label className="field">
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <button className="btn btn-primary" type="submit" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {oidc ? (
        <div style={{ marginTop: 12 }}>
          <button className="btn" type="button" style={{ width: "100%", justifyContent: "center" }} onClick={() => signIn("oidc", { callbackUrl })}>
            Sign in with {oidc.name}
          </button>
        </div>
      ) : null}
    </>
  );
}
