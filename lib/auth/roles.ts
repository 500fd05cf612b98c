import { z } from "zod";

// Roles grow in power: each may do what the ones before it may. Pure: shared by the server
// (authorize, the proxy), the CLI and the browser (what to show).

export const roleSchema = z.enum(["viewer", "uploader", "admin"]);
export type Role = z.infer<typeof roleSchema>;

/** What a route or page needs: a role, or nothing at all ("public"). */
export type Access = "public" | Role;

const RANK: Record<Access, number> = { public: 0, viewer: 1, uploader: 2, admin: 3 };

/** Whether `role` may reach something that needs `access`. */
export function roleAllows(role: Role, access: Access): boolean {
  return RANK[role] >= RANK[access];
}

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: "reads the audit history",
  uploader: "viewer, and adds CloudTrail files",
  admin: "uploader, and manages sources, users, others' tokens and the audit log",
};
