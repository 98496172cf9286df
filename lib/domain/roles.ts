export const ROLES = ["ADMIN", "OPERATOR", "REVIEWER", "MANAGER"] as const;
export type Role = (typeof ROLES)[number];

/** What a role may do. Every server-side check goes through `can`. */
export type Permission =
  | "samples:decide"
  | "distillation:run"
  | "distillation:read"
  | "knowledge:manage"
  | "rollouts:manage"
  | "agents:manage"
  | "users:manage"
  | "settings:manage"
  | "jobs:manage";

export const PERMISSIONS_OF: Readonly<Record<Role, readonly Permission[]>> = {
  ADMIN: ["samples:decide", "distillation:run", "distillation:read", "knowledge:manage", "rollouts:manage", "agents:manage", "users:manage", "settings:manage", "jobs:manage"],
  OPERATOR: ["samples:decide", "distillation:run", "distillation:read", "knowledge:manage", "rollouts:manage"],
  REVIEWER: ["samples:decide"],
  MANAGER: ["distillation:read"],
};

export function can(role: Role, permission: Permission): boolean {
  return PERMISSIONS_OF[role].includes(permission);
}

export type Page =
  | "review"
  | "patterns"
  | "interactions"
  | "distillation"
  | "knowledge"
  | "account"
  | "rollouts"
  | "kpis"
  | "agents"
  | "audit"
  | "users"
  | "settings"
  | "jobs";

/** Who may open each console page. */
export const PAGE_ACCESS: Record<Page, readonly Role[]> = {
  review: ["ADMIN", "OPERATOR", "REVIEWER", "MANAGER"],
  patterns: ["ADMIN", "OPERATOR", "REVIEWER", "MANAGER"],
  interactions: ["ADMIN", "OPERATOR", "REVIEWER", "MANAGER"],
  distillation: ["ADMIN", "OPERATOR", "MANAGER"],
  knowledge: ["ADMIN", "OPERATOR", "REVIEWER", "MANAGER"],
  account: ["ADMIN", "OPERATOR", "REVIEWER", "MANAGER"],
  rollouts: ["ADMIN", "OPERATOR", "MANAGER"],
  kpis: ["ADMIN", "OPERATOR", "REVIEWER", "MANAGER"],
  agents: ["ADMIN", "OPERATOR", "MANAGER"],
  audit: ["ADMIN", "OPERATOR", "MANAGER"],
  users: ["ADMIN"],
  settings: ["ADMIN", "OPERATOR", "MANAGER"],
  // Operators read it: distillation runs and rollout gates will run as jobs. Admins cancel and retry.
  jobs: ["ADMIN", "OPERATOR"],
};

export function canOpen(role: Role, page: Page): boolean {
  return PAGE_ACCESS[page].includes(role);
}

/** Where a role lands after sign-in: the page its people live in. */
export function homePage(role: Role): Page {
  if (role === "REVIEWER") return "review";
  if (role === "MANAGER") return "kpis";
  if (role === "OPERATOR") return "rollouts";
  return "agents";
}
