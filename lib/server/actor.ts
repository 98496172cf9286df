import type { Role } from "@/lib/domain/roles";

/** Who is acting: written on every audit event. */
export type Actor =
  | { type: "USER"; id: string; email: string; role: Role }
  | { type: "AGENT"; id: string; name: string }
  | { type: "SYSTEM"; label: string };

export interface RequestContext {
  actor: Actor;
  requestId?: string;
}

export function actorLabel(actor: Actor): string {
  if (actor.type === "USER") return actor.email;
  if (actor.type === "AGENT") return `agent:${actor.name}`;
  return actor.label;
}

export const systemContext = (label = "system"): RequestContext => ({ actor: { type: "SYSTEM", label } });
