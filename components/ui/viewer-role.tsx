"use client";

// The signed-in person's role, for client components that offer a change only to those who may
// make it. Hiding a button is a courtesy: every server action and API route checks the role itself.
import { createContext, useContext, type ReactNode } from "react";
import { roleAtLeast, type Role } from "@/lib/auth/roles";

const ViewerRole = createContext<Role>("viewer");

export function ViewerRoleProvider({ role, children }: { role: Role; children: ReactNode }) {
  return <ViewerRole.Provider value={role}>{children}</ViewerRole.Provider>;
}

/** True when the signed-in person's role is `role` or above. */
export function useCan(role: Role): boolean {
  return roleAtLeast(useContext(ViewerRole), role);
}
