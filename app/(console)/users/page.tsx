import { DisableButton, InviteUserForm, ResetPasswordButton, RoleSelect } from "@/components/users/user-admin";
import { PageHead } from "@/components/ui/page-head";
import { Time } from "@/components/ui/time";
import { requirePage } from "@/lib/server/auth/guard";
import { listUsers } from "@/lib/server/users";

export const metadata = { title: "Users" };

export default async function UsersPage() {
  const me = await requirePage("users");
  const users = await listUsers();
  return (
    <>
      <PageHead title="Users" description="Who can sign in, and what their role lets them do." />
      <InviteUserForm />
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr><th>Email</th><th>Name</th><th>Role</th><th>Last sign-in</th><th>Status</th><th><span className="faint">Actions</span></th></tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>{user.email}{user.id === me.id ? <span className="badge badge-accent" style={{ marginLeft: 6 }}>you</span> : null}</td>
                <td>{user.name || <span className="faint">—</span>}</td>
                <td><RoleSelect userId={user.id} role={user.role} email={user.email} /></td>
                <td><Time value={user.lastSignInAt} /></td>
                <td>{user.disabledAt ? <span className="badge badge-danger">disabled</span> : <span className="badge badge-ok">active</span>}</td>
                <td className="nowrap">
                  {user.id === me.id ? null : <DisableButton userId={user.id} email={user.email} disabled={Boolean(user.disabledAt)} />}{" "}
                  <ResetPasswordButton userId={user.id} email={user.email} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
