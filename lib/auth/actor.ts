import type { Role } from "./roles";

/** Where a write came from: a page of the admin UI, the JSON API, or the engine itself. */
type Origin = "ui" | "api" | "worker";

/**
 * Who is doing something, as every write records it. A token acts for its owner, with the owner's
 * role capped by its scopes; the system (the worker, a migration, the demo seed) has no role to check.
 */
export type Actor =
  | { kind: "user"; userId: string; email: string; role: Role; origin: Origin; sessionId?: string }
  | { kind: "token"; tokenId: string; tokenName: string; userId: string; email: string; role: Role; origin: Origin }
  | { kind: "system"; label: string; origin: Origin };

export const SYSTEM: Actor = { kind: "system", label: "system", origin: "worker" };

/** The actor in words, for the audit log and version history. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case "user":
      return actor.email;
    case "token":
      return `token ${actor.tokenName} (${actor.email})`;
    case "system":
      return actor.label;
  }
}

/** The id the audit log keeps: the user's, the token's, or none for the system. */
export function actorId(actor: Actor): string | null {
  return actor.kind === "user" ? actor.userId : actor.kind === "token" ? actor.tokenId : null;
}
