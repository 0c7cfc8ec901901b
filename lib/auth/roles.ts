// Who may do what. Each role can do everything the one before it can:
//   viewer   reads every page and the API
//   operator pauses and resumes automations, cancels runs, retries steps, sends test events
//   editor   edits automations, their priority, imports them
//   admin    settings, users, API tokens
export const ROLES = ["viewer", "operator", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

/** True when `role` is `required` or above it. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/** The lower of two roles (a token's scopes cap its owner's role). */
export function lowerRole(a: Role, b: Role): Role {
  return ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b;
}

/** Who may do what needs `role`, in words for a refusal: "an admin", "an operator or above". */
export function whoMay(role: Role): string {
  return role === "admin" ? "an admin" : `an ${role} or above`;
}
