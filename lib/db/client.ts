import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

// The one Prisma client of the app. scripts/serve.ts sets DATABASE_URL (embedded or
// external) before Next.js starts; the CLI passes its own URL to createPrismaClient.

export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
}

const globalForPrisma = globalThis as { prisma?: PrismaClient };

function databaseUrl(): string {
  if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set: start CacheTrail with `npm start`.");
  return env.DATABASE_URL;
}

/** Created on first use, and reused across hot reloads in development. */
export function db(): PrismaClient {
  globalForPrisma.prisma ??= createPrismaClient(databaseUrl());
  return globalForPrisma.prisma;
}
