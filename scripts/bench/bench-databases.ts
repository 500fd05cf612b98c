import pg from "pg";
import { withDatabase } from "@/lib/db/database-url";
import { applyMigrations } from "@/lib/db/migrate";
import { provideDatabase } from "@/lib/db/provide";
import { dataDir } from "@/lib/env";
import { postgresCpuSeconds } from "./process-cpu";

/** The benchmarks' server, and a freshly migrated database on it for each measured case. */
export async function benchDatabases() {
  const database = await provideDatabase();
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  return {
    async fresh(name: string): Promise<string> {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      const url = withDatabase(database.url, name);
      await applyMigrations(url);
      return url;
    },
    /**
     * Starts counting the embedded server's CPU (its processes, from /proc) once no autovacuum worker is
     * busy (up to 30 s); `stop(name)` returns the seconds spent since, once no client is connected to
     * that database: their backends have exited, so their CPU is counted in the postmaster's. Not
     * autovacuum, which may start on the new tables right after an ingest: its later work is not the
     * ingest's. null for a server this process did not start, whose CPU it cannot read.
     */
    async postgresCpu(): Promise<{ stop(name: string): Promise<number> } | null> {
      if (!database.embedded) return null;
      // Autovacuum left running on an earlier case's tables would be counted as this one's.
      for (let waited = 0; waited < 30_000; waited += 100) {
        const { rows } = await admin.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'",
        );
        if (rows[0]!.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const before = await postgresCpuSeconds(dataDir);
      return {
        async stop(name: string): Promise<number> {
          for (let waited = 0; waited < 10_000; waited += 50) {
            const { rows } = await admin.query<{ n: number }>(
              "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'",
              [name],
            );
            if (rows[0]!.n === 0) break;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
          return (await postgresCpuSeconds(dataDir)) - before;
        },
      };
    },
    async close(): Promise<void> {
      await admin.end();
      await database.release();
    },
  };
}
