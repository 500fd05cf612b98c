import pg from "pg";
import { withDatabase } from "@/lib/db/database-url";
import { applyMigrations } from "@/lib/db/migrate";
import { provideDatabase } from "@/lib/db/provide";

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
     * Waits until no client is connected to the database: their backends have exited, so their CPU is
     * counted in the server's (postgresCpuSeconds reads what the postmaster reaped). Not autovacuum,
     * which may start on the new tables right after an ingest: its later work is not the ingest's.
     */
    async idle(name: string): Promise<void> {
      for (let waited = 0; waited < 10_000; waited += 50) {
        const { rows } = await admin.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'",
          [name],
        );
        if (rows[0]!.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    },
    /** True for the embedded server under the data directory (its CPU can then be read from /proc). */
    embedded: database.embedded,
    async close(): Promise<void> {
      await admin.end();
      await database.release();
    },
  };
}
