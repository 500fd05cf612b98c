import "server-only";
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/api/handler";
import { hashPassword } from "./password";
import { roleSchema, type Role } from "./roles";

// Accounts in better-auth's tables (app_user + an auth_account of provider "credential" holding the
// password hash), written here for the paths better-auth has no endpoint for with sign-up off: the
// first-run page, the environment's admin, the admin page and `npm run user`.

export const MIN_PASSWORD_LENGTH = 12;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new ApiError(400, `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
}

export async function countUsers(prisma: PrismaClient): Promise<number> {
  return prisma.user.count();
}

export async function setPassword(prisma: PrismaClient, userId: string, password: string): Promise<void> {
  checkPassword(password);
  const hash = await hashPassword(password);
  const account = await prisma.account.findFirst({ where: { userId, providerId: "credential" } });
  if (account) await prisma.account.update({ where: { id: account.id }, data: { password: hash } });
  else
    await prisma.account.create({
      data: { id: randomUUID(), userId, accountId: userId, providerId: "credential", password: hash },
    });
}

export interface NewUser {
  email: string;
  name?: string;
  role: Role;
  /** Without one the user signs in only through SSO (or after an admin sets one). */
  password?: string;
}

export async function createUser(prisma: PrismaClient, input: NewUser) {
  const email = normaliseEmail(input.email);
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new ApiError(400, `"${input.email}" is not an e-mail address.`);
  if (input.password !== undefined) checkPassword(input.password);
  if (await prisma.user.findUnique({ where: { email } })) throw new ApiError(409, `A user ${email} exists already.`);
  const user = await prisma.user.create({
    data: {
      id: randomUUID(),
      email,
      name: input.name?.trim() || email.split("@")[0]!,
      role: roleSchema.parse(input.role),
    },
  });
  if (input.password !== undefined) await setPassword(prisma, user.id, input.password);
  return user;
}

/**
 * The first admin, from the first-run page: only while no user exists. An advisory lock makes two
 * simultaneous submissions create one admin, not two.
 */
export async function createFirstAdmin(
  prisma: PrismaClient,
  input: { email: string; name?: string; password: string },
) {
  checkPassword(input.password);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(8154013)`;
    if ((await tx.user.count()) > 0) throw new ApiError(409, "CacheTrail has an admin already: sign in instead.");
    return createUser(tx as unknown as PrismaClient, { ...input, role: "admin" });
  });
}

export async function updateUser(prisma: PrismaClient, id: string, change: { role?: Role; disabled?: boolean }) {
  const before = await prisma.user.findUnique({ where: { id } });
  if (!before) throw new ApiError(404, "No such user.");
  const demotes = (change.role !== undefined && change.role !== "admin") || change.disabled === true;
  if (before.role === "admin" && !before.disabled && demotes) {
    const admins = await prisma.user.count({ where: { role: "admin", disabled: false } });
    if (admins <= 1) throw new ApiError(409, "This is the last admin: make another admin first.");
  }
  const user = await prisma.user.update({ where: { id }, data: change });
  if (change.disabled) await prisma.session.deleteMany({ where: { userId: id } });
  return { before, user };
}

export async function listUsers(prisma: PrismaClient) {
  const rows = await prisma.user.findMany({
    orderBy: { email: "asc" },
    include: { accounts: { select: { providerId: true } }, sessions: { select: { updatedAt: true } } },
  });
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: roleSchema.parse(u.role),
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
    signIn: u.accounts.map((a) => (a.providerId === "credential" ? "password" : "SSO")),
    lastActiveAt:
      u.sessions
        .map((s) => s.updatedAt.toISOString())
        .sort()
        .pop() ?? null,
  }));
}

/**
 * ADMIN_EMAIL / ADMIN_PASSWORD at start-up: creates that admin, or resets an existing user to admin,
 * enabled, with that password. Returns what it did, for the start-up line.
 */
export async function ensureEnvironmentAdmin(
  prisma: PrismaClient,
  email: string,
  password: string,
): Promise<"created" | "updated"> {
  const existing = await prisma.user.findUnique({ where: { email: normaliseEmail(email) } });
  if (!existing) {
    await createUser(prisma, { email, password, role: "admin" });
    return "created";
  }
  await prisma.user.update({ where: { id: existing.id }, data: { role: "admin", disabled: false } });
  await setPassword(prisma, existing.id, password);
  return "updated";
}
