import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log/logger";
import packageJson from "@/package.json";

export interface Health {
  status: "ok" | "unavailable";
  version: string;
  /** Never the database's error text: it can name hosts, users and settings (the server log has it). */
  database: { reachable: boolean; migration: string | null };
}

export async function checkHealth(prisma: PrismaClient): Promise<Health> {
  try {
    const rows = await prisma.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL
      ORDER BY migration_name DESC LIMIT 1`;
    return {
      status: "ok",
      version: packageJson.version,
      database: { reachable: true, migration: rows[0]?.migration_name ?? null },
    };
  } catch (error) {
    return unavailable(error);
  }
}

/** Also what the health check answers when no client can be made at all (DATABASE_URL unset). */
export function unavailable(error: unknown): Health {
  logger.warn({ err: error }, "health check: the database is unavailable");
  return {
    status: "unavailable",
    version: packageJson.version,
    database: { reachable: false, migration: null },
  };
}
