import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { withDatabase } from "@/lib/db/database-url";

// A database of its own for a migration test: the migrations before `first` run, the test stores rows
// in the layout an existing install has at that point, then the migrations from `first` on run, as
// an upgrade runs them.

const MIGRATIONS = path.resolve("prisma/migrations");

async function migrationFolders(): Promise<string[]> {
  return (await readdir(MIGRATIONS, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export interface MigrationDatabase {
  url: string;
  /** Connected to the database; ended by drop(). */
  client: pg.Client;
  /** Runs every migration before `first`: the old layout. */
  migrateBefore(): Promise<void>;
  /** Runs `first` and every migration after it not run yet: the upgrade. */
  migrateFrom(): Promise<void>;
  drop(): Promise<void>;
}

export async function migrationDatabase(prefix: string, first: string): Promise<MigrationDatabase> {
  const admin = inject("adminDatabaseUrl");
  const name = `cachetrail_${prefix}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const a = new pg.Client({ connectionString: admin });
  await a.connect();
  await a.query(`CREATE DATABASE ${name}`);
  await a.end();
  const url = withDatabase(admin, name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const applied = new Set<string>();
  const run = async (keep: (folder: string) => boolean) => {
    for (const folder of (await migrationFolders()).filter((m) => keep(m) && !applied.has(m))) {
      await client.query(await readFile(path.join(MIGRATIONS, folder, "migration.sql"), "utf8"));
      applied.add(folder);
    }
  };
  return {
    url,
    client,
    migrateBefore: () => run((m) => m < first),
    migrateFrom: () => run((m) => m >= first),
    async drop() {
      await client.end();
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}
