import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { withDatabase } from "@/lib/db/database-url";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { assertLocalDatabases } from "./local-database";

// One PostgreSQL server for the whole integration (and memory) run: TEST_DATABASE_URL when given
// (on this machine only: ./local-database.ts), else a fresh embedded server in a temporary
// directory. Migrations are applied once to a template database; every test file clones it
// (CREATE DATABASE … TEMPLATE), so files run in parallel on isolated databases.

export const TEMPLATE = "cachetrail_test_template";

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  // DATABASE_URL too: a test that reaches the app's db() before pointing it at its own database would use it.
  assertLocalDatabases(process.env, ["TEST_DATABASE_URL", "DATABASE_URL"]);
  let dataDir: string | null = null;
  let release = async () => {};
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "cachetrail-test-pg-"));
    const server = await startEmbeddedPostgres({ dataDir, preferredPort: 0, database: "postgres" });
    adminUrl = server.url;
    release = server.release;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  await admin.end();
  await applyMigrations(withDatabase(adminUrl, TEMPLATE));

  project.provide("adminDatabaseUrl", adminUrl);
  project.provide("templateDatabase", TEMPLATE);

  return async () => {
    await release();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}
