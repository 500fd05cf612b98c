import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { authFor } from "./better-auth";
import type { Principal } from "./principal";
import { roleSchema } from "./roles";
import { bearerToken } from "./token-format";
import { principalFromToken } from "./tokens";

/**
 * Who sent these request headers: an API token (Authorization: Bearer, which wins when present, valid
 * or not) or a better-auth session cookie. Null when neither stands for an enabled user.
 */
export async function principalFromHeaders(prisma: PrismaClient, headers: Headers): Promise<Principal | null> {
  const token = bearerToken(headers);
  if (token) return principalFromToken(prisma, token);
  if (!headers.get("cookie")) return null;
  const found = await authFor(prisma).api.getSession({ headers });
  if (!found) return null;
  const user = found.user as typeof found.user & { role?: unknown; disabled?: unknown };
  if (user.disabled === true) return null;
  const role = roleSchema.safeParse(user.role);
  if (!role.success) return null;
  return { userId: user.id, email: user.email, name: user.name, role: role.data, via: "session" };
}
