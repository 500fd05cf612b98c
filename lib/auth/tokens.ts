import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/api/handler";
import { roleAllows, roleSchema, type Role } from "./roles";
import { lesserRole, type Principal } from "./principal";
import { API_TOKEN_PREFIX, newSecret, secretHash } from "./token-format";

/** Last-used times are written at most this often per token, so a busy script does not write on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export interface CreatedToken {
  id: string;
  name: string;
  role: Role;
  expiresAt: Date | null;
  /** Shown once; only its hash is stored. */
  token: string;
}

export async function createApiToken(
  prisma: PrismaClient,
  owner: { id: string; role: Role },
  input: { name: string; role?: Role; expiresAt?: Date | null },
): Promise<CreatedToken> {
  const role = input.role ?? owner.role;
  if (!roleAllows(owner.role, role))
    throw new ApiError(403, `A ${owner.role} cannot create a token with the ${role} role.`);
  const name = input.name.trim();
  if (!name) throw new ApiError(400, "A token needs a name.");
  const existing = await prisma.apiToken.findUnique({ where: { userId_name: { userId: owner.id, name } } });
  if (existing && !existing.revokedAt)
    throw new ApiError(409, `A token named "${name}" exists: revoke it or pick another name.`);
  if (existing) await prisma.apiToken.delete({ where: { id: existing.id } });
  const token = newSecret(API_TOKEN_PREFIX);
  const row = await prisma.apiToken.create({
    data: {
      userId: owner.id,
      name,
      role,
      tokenHash: secretHash(token),
      prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
      expiresAt: input.expiresAt ?? null,
    },
  });
  return { id: row.id.toString(), name, role, expiresAt: row.expiresAt, token };
}

/** The principal a bearer token stands for, or null when unknown, revoked, expired or its user disabled. */
export async function principalFromToken(prisma: PrismaClient, token: string): Promise<Principal | null> {
  const row = await prisma.apiToken.findUnique({ where: { tokenHash: secretHash(token) }, include: { user: true } });
  const now = new Date();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now) || row.user.disabled) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return {
    userId: row.userId,
    email: row.user.email,
    name: row.user.name,
    role: lesserRole(roleSchema.parse(row.role), roleSchema.parse(row.user.role)),
    via: "token",
    tokenId: row.id.toString(),
    tokenName: row.name,
  };
}

export async function listApiTokens(prisma: PrismaClient, where: { userId?: string } = {}) {
  const rows = await prisma.apiToken.findMany({
    where,
    include: { user: { select: { email: true } } },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
  });
  return rows.map((r) => ({
    id: r.id.toString(),
    name: r.name,
    role: roleSchema.parse(r.role),
    prefix: r.prefix,
    owner: r.user.email,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }));
}

/** Revokes one token; the caller has checked that `actor` may (its owner or an admin). */
export async function revokeApiToken(prisma: PrismaClient, id: bigint) {
  const row = await prisma.apiToken.findUnique({ where: { id }, include: { user: { select: { email: true } } } });
  if (!row) throw new ApiError(404, "No such token.");
  if (!row.revokedAt) await prisma.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
  return { id: row.id.toString(), name: row.name, userId: row.userId, owner: row.user.email };
}
