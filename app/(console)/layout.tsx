import type { ReactNode } from "react";
import { NAV_ITEMS } from "@/components/shell/nav";
import { Sidebar } from "@/components/shell/sidebar";
import { canOpen } from "@/lib/domain/roles";
import { requirePage } from "@/lib/server/auth/guard";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePage(null);
  const items = NAV_ITEMS.filter((item) => canOpen(user.role, item.page));
  return (
    <div className="shell">
      <a className="skip-link" href="#main">Skip to content</a>
      <Sidebar items={items} email={user.email} role={user.role} />
      <main className="main" id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
