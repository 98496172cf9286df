import { headers } from "next/headers";
import { CreateTokenForm, RevokeTokenButton } from "@/components/account/access-tokens";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { PageHead } from "@/components/ui/page-head";
import { Time } from "@/components/ui/time";
import { descriptionOf, labelOf } from "@/lib/schemas/labels";
import { requirePage, userContext } from "@/lib/server/auth/guard";
import { listAccessTokens } from "@/lib/server/tokens";

export const metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requirePage(null);
  const [tokens, origin] = await Promise.all([listAccessTokens(userContext(user)), originOf()]);
  return (
    <>
      <PageHead title="Account" description={`${user.email} · ${labelOf("role", user.role)}: ${descriptionOf("role", user.role)}`} />
      <ChangePasswordForm />
      <section className="panel" aria-label="Access tokens">
        <h2>Access tokens</h2>
        <p className="muted">
          A token authenticates scripts and pipelines on <code>/api/v1/ops/…</code> as you, with your role ({labelOf("role", user.role).toLowerCase()}):{" "}
          <code className="code-line">curl -H &quot;Authorization: Bearer rmt_…&quot; {origin}/api/v1/ops/model-versions</code>
        </p>
        <CreateTokenForm />
        {tokens.length === 0 ? (
          <p className="faint" style={{ marginTop: 10 }}>You hold no tokens. Each one you create is listed here with when it was last used.</p>
        ) : (
          <div className="table-wrap" style={{ marginTop: 12 }}>
            <table className="data" aria-label="Your access tokens">
              <thead>
                <tr><th>Token</th><th>Name</th><th>Created</th><th>Last used</th><th>Status</th><th><span className="faint">Actions</span></th></tr>
              </thead>
              <tbody>
                {tokens.map((token) => (
                  <tr key={token.id}>
                    <td className="mono">{token.prefix}_…</td>
                    <td>{token.name}</td>
                    <td><Time value={token.createdAt} /></td>
                    <td><Time value={token.lastUsedAt} /></td>
                    <td>{token.revokedAt ? <span className="badge badge-danger">revoked <Time value={token.revokedAt} /></span> : <span className="badge badge-ok">active</span>}</td>
                    <td>{token.revokedAt ? null : <RevokeTokenButton tokenId={token.id} prefix={token.prefix} name={token.name} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

/** Where this console is reached, for a curl line that works when pasted. */
async function originOf(): Promise<string> {
  const list = await headers();
  const host = list.get("x-forwarded-host") ?? list.get("host");
  if (!host) return "http://<host>";
  return `${list.get("x-forwarded-proto") ?? "http"}://${host}`;
}
