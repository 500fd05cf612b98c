import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { recordAudit } from "./audit";
import { ensureEnvironmentAdmin } from "./users";

/**
 * At start-up: the environment's admin (ADMIN_EMAIL/ADMIN_PASSWORD) is created or reset, and the
 * answer says how to sign in — the first-run page while nobody exists.
 */
export async function prepareSignIn(prisma: PrismaClient, baseUrl: string): Promise<string> {
  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    const done = await ensureEnvironmentAdmin(prisma, env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    const action = done === "created" ? "user.created" : "user.password-set";
    await recordAudit(prisma, { actor: "environment (ADMIN_EMAIL)", action, target: env.ADMIN_EMAIL.toLowerCase() });
    return `Sign in at ${baseUrl}/sign-in as ${env.ADMIN_EMAIL} with ADMIN_PASSWORD (admin ${done}).`;
  }
  if (env.ADMIN_EMAIL || env.ADMIN_PASSWORD) {
    throw new Error("Set both ADMIN_EMAIL and ADMIN_PASSWORD, or neither.");
  }
  if ((await prisma.user.count()) === 0) {
    return `No one can sign in yet: create the first admin at ${baseUrl}/setup (or set ADMIN_EMAIL and ADMIN_PASSWORD).`;
  }
  return `Sign in at ${baseUrl}/sign-in (add people on ${baseUrl}/admin/users or with \`npm run user -- add\`).`;
}
