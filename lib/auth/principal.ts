import { z } from "zod";
import { roleSchema, type Role } from "./roles";

// Who is calling: a signed-in browser or an API token, always on behalf of one user. Pure.

export const principalSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  via: z.enum(["session", "token"]),
  tokenId: z.string().optional(),
  tokenName: z.string().optional(),
});
export type Principal = z.infer<typeof principalSchema>;

/** How the audit log and the ingestions list name who did something. */
export function principalLabel(principal: Principal): string {
  return principal.via === "token" ? `${principal.email} (token "${principal.tokenName}")` : principal.email;
}

const RANK: Record<Role, number> = { viewer: 1, uploader: 2, admin: 3 };

/** The lesser of two roles: a token never does more than its owner may today. */
export function lesserRole(a: Role, b: Role): Role {
  return RANK[a] <= RANK[b] ? a : b;
}
