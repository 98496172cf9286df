import { ChangePasswordForm } from "@/components/account/change-password-form";
import { PageHead } from "@/components/ui/page-head";
import { descriptionOf, labelOf } from "@/lib/schemas/labels";
import { requirePage } from "@/lib/server/auth/guard";

export const metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requirePage(null);
  return (
    <>
      <PageHead title="Account" description={`${user.email} · ${labelOf("role", user.role)}: ${descriptionOf("role", user.role)}`} />
      <ChangePasswordForm />
    </>
  );
}
