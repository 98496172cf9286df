import type { Page } from "@/lib/domain/roles";

export interface NavItem {
  page: Page;
  href: string;
  label: string;
  section: "Loop" | "Operate" | "Admin";
}

export const NAV_ITEMS: NavItem[] = [
  { page: "review", href: "/review", label: "Review", section: "Loop" },
  { page: "patterns", href: "/patterns", label: "Patterns", section: "Loop" },
  { page: "interactions", href: "/interactions", label: "Interactions", section: "Loop" },
  { page: "distillation", href: "/distillation", label: "Distillation", section: "Loop" },
  { page: "knowledge", href: "/knowledge", label: "Knowledge", section: "Loop" },
  { page: "rollouts", href: "/rollouts", label: "Rollouts", section: "Loop" },
  { page: "kpis", href: "/kpis", label: "KPIs", section: "Operate" },
  { page: "agents", href: "/agents", label: "Agents", section: "Operate" },
  { page: "audit", href: "/audit", label: "Audit", section: "Operate" },
  { page: "jobs", href: "/jobs", label: "Jobs", section: "Operate" },
  { page: "settings", href: "/settings", label: "Settings", section: "Admin" },
  { page: "users", href: "/users", label: "Users", section: "Admin" },
];
