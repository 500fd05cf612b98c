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
    async close(): Promise<void> {
      await admin.end();
      await database.release();
    },
  };
}
