"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { Role } from "@/lib/auth/roles";

// The signed-in person's role, for client components that offer actions (empty states, not-found
// pages): an action the role cannot use is not shown. The server refuses it anyway (authorize(),
// proxy.ts); this only keeps a viewer from being offered a door that answers 403.

const RoleContext = createContext<Role | null>(null);

export function RoleProvider({ role, children }: { role: Role | null; children: ReactNode }) {
  return <RoleContext.Provider value={role}>{children}</RoleContext.Provider>;
}

/** The role of whoever looks at the page; null when signed out or unknown (a prerendered page). */
export function useRole(): Role | null {
  return useContext(RoleContext);
}
