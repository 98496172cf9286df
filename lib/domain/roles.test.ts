import { describe, expect, it } from "vitest";
import { can, canOpen, homePage, ROLES, PAGE_ACCESS } from "./roles";

describe("roles", () => {
  it("lets a manager change nothing", () => {
    for (const permission of ["samples:decide", "distillation:run", "rollouts:manage", "agents:manage", "users:manage", "settings:manage"] as const) {
      expect(can("MANAGER", permission)).toBe(false);
    }
  });

  it("lets a reviewer decide samples but not promote or administer", () => {
    expect(can("REVIEWER", "samples:decide")).toBe(true);
    expect(can("REVIEWER", "rollouts:manage")).toBe(false);
    expect(can("REVIEWER", "agents:manage")).toBe(false);
  });

  it("keeps users and agents administration to admins", () => {
    expect(ROLES.filter((role) => can(role, "users:manage"))).toEqual(["ADMIN"]);
    expect(ROLES.filter((role) => can(role, "agents:manage"))).toEqual(["ADMIN"]);
  });

  it("lets operators watch background jobs and only admins cancel or retry them", () => {
    expect(ROLES.filter((role) => canOpen(role, "jobs"))).toEqual(["ADMIN", "OPERATOR"]);
    expect(ROLES.filter((role) => can(role, "jobs:manage"))).toEqual(["ADMIN"]);
  });

  it("refuses reviewers the Agents page", () => {
    expect(canOpen("REVIEWER", "agents")).toBe(false);
    expect(canOpen("ADMIN", "agents")).toBe(true);
  });

  it("sends every role home to a page it may open", () => {
    for (const role of ROLES) expect(PAGE_ACCESS[homePage(role)]).toContain(role);
  });
});
