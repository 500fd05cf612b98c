import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { createPrismaClient } from "./create-client";

// The one Prisma client of the web app. scripts/serve.ts sets DATABASE_URL (embedded or
// external) before Next.js starts. Scripts and tests create their own with createPrismaClient.

const globalForPrisma = globalThis as { prisma?: PrismaClient };

/** Created on first use, and reused across hot reloads in development. */
export function db(): PrismaClient {
  if (globalForPrisma.prisma) return globalForPrisma.prisma;
  if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set: start CacheTrail with `npm start`.");
  globalForPrisma.prisma = createPrismaClient(env.DATABASE_URL, {
    acquireTimeoutMs: env.CACHETRAIL_DB_ACQUIRE_TIMEOUT_SECONDS * 1000,
    statementTimeoutMs: env.CACHETRAIL_DB_STATEMENT_TIMEOUT_SECONDS * 1000,
  });
  return globalForPrisma.prisma;
}

/**
 * Points the app's one client at another database. Integration tests call it with their own
 * database before calling route handlers (vitest gives each test file its own module graph).
 */
export function setClientForTests(prisma: PrismaClient): void {
  globalForPrisma.prisma = prisma;
}
