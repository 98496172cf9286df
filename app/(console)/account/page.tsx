import { ChangePasswordForm } from "@/components/account/change-password-form";
import { PageHead } from "@/components/ui/page-head";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/domain/roles";
import { requirePage } from "@/lib/server/auth/guard";

export const metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requirePage(null);
  return (
    <>
      <PageHead title="Account" description={`${user.email} · ${ROLE_LABELS[user.role]}: ${ROLE_DESCRIPTIONS[user.role]}`} />
      <ChangePasswordForm />
    </>
  );
}
