import type { ReactNode } from "react";
import { BreakerBanner } from "@/components/shell/breaker-banner";
import { NAV_ITEMS } from "@/components/shell/nav";
import { ScrollRegions } from "@/components/shell/scroll-regions";
import { Sidebar } from "@/components/shell/sidebar";
import { can, canOpen } from "@/lib/domain/roles";
import { requirePage } from "@/lib/server/auth/guard";
import { listOpenTrips } from "@/lib/server/rollouts/breaker";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePage(null);
  const items = NAV_ITEMS.filter((item) => canOpen(user.role, item.page));
  const trips = await listOpenTrips();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">Skip to content</a>
      <Sidebar items={items} email={user.email} role={user.role} />
      <main className="main" id="main" tabIndex={-1}>
        <BreakerBanner trips={trips} canAcknowledge={can(user.role, "rollouts:manage")} />
        {children}
      </main>
      <ScrollRegions />
    </div>
  );
}
