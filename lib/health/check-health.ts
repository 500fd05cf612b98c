import "server-only";
import { db } from "@/lib/db/client";
import packageJson from "@/package.json";

export interface Health {
  status: "ok" | "unavailable";
  version: string;
  database: { reachable: boolean; migration: string | null; error?: string };
}

export async function checkHealth(): Promise<Health> {
  try {
    const rows = await db().$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL
      ORDER BY migration_name DESC LIMIT 1`;
    return {
      status: "ok",
      version: packageJson.version,
      database: { reachable: true, migration: rows[0]?.migration_name ?? null },
    };
  } catch (error) {
    return {
      status: "unavailable",
      version: packageJson.version,
      database: {
        reachable: false,
        migration: null,
        error: error instanceof Error ? error.message.split("\n")[0] : String(error),
      },
    };
  }
}
