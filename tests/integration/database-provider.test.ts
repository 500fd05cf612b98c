import { existsSync, readdirSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// lib/env reads the environment once, at import: each case runs on fresh copies of the modules.
async function withEnvironment<T>(vars: Record<string, string | undefined>, run: () => Promise<T>): Promise<T> {
  vi.resetModules();
  const saved = { ...process.env };
  Object.assign(process.env, vars);
  for (const [k, v] of Object.entries(vars)) if (v === undefined) delete process.env[k];
  try {
    return await run();
  } finally {
    process.env = saved;
  }
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

let dataDir: string;
let external: TestDatabase;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "cachetrail-provider-"));
  await chmod(dataDir, 0o755); // PostgreSQL runs as its own user and must reach its files
  external = await createTestDatabase();
});
afterAll(async () => {
  await external.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("the database CacheTrail runs on", () => {
  it("with DATABASE_URL set, is that server, migrated, and no embedded server starts", async () => {
    const db = await withEnvironment({ DATABASE_URL: external.url, CACHETRAIL_DATA_DIR: dataDir }, async () =>
      (await import("@/lib/db/provide")).provideDatabase(),
    );
    expect(db).toMatchObject({ url: external.url, embedded: false });
    expect(existsSync(path.join(dataDir, "pg"))).toBe(false);
    const applied = await query<{ n: number }>(db.url, "SELECT count(*)::int AS n FROM _prisma_migrations");
    expect(applied[0]!.n).toBe(
      readdirSync("prisma/migrations", { withFileTypes: true }).filter((e) => e.isDirectory()).length,
    );
    await db.release();
  });

  it("with a client, checks the migrations on the client's own connection, which then serves its first query", async () => {
    const { database, prisma } = await withEnvironment(
      { DATABASE_URL: external.url, CACHETRAIL_DATA_DIR: dataDir },
      async () => (await import("@/lib/db/provide-client")).provideClient(() => {}, 2),
    );
    // The copy of the module provideClient used.
    const { closePrismaClient, poolOf } = await import("@/lib/db/create-client");
    try {
      const pool = poolOf(prisma);
      expect(pool.totalCount).toBe(1);
      let opened = 0;
      pool.on("connect", () => opened++);
      await pool.query("SELECT 1");
      expect(opened).toBe(0);
    } finally {
      await closePrismaClient(prisma);
      await database.release();
    }
  });

  it("without it, is an embedded server under the data directory whose data survives a restart", async () => {
    const dir = path.join(dataDir, "embedded");
    const options = { dataDir: dir, preferredPort: 0 };
    const first = await startEmbeddedPostgres(options);
    expect(existsSync(path.join(dir, "pg", "PG_VERSION"))).toBe(true);
    await query(first.url, "CREATE TABLE restart_check (name text)");
    await query(first.url, "INSERT INTO restart_check VALUES ('kept')");
    // Reached through its Unix socket in the data directory, not loopback TCP (a quarter of the CPU per query).
    expect(new URL(first.url).searchParams.get("host")).toBe(path.join(dir, "pg"));
    const server = await query<{ address: string | null }>(first.url, "SELECT inet_server_addr() AS address");
    expect(server).toEqual([{ address: null }]);

    // A second process on the same data directory attaches instead of starting another server.
    const second = await startEmbeddedPostgres(options);
    expect(second.url).toBe(first.url);
    await second.release();
    await first.release();
    expect(existsSync(path.join(dir, "pg", "postmaster.pid"))).toBe(false);

    const restarted = await startEmbeddedPostgres(options);
    const rows = await query<{ name: string }>(restarted.url, "SELECT name FROM restart_check");
    expect(rows.map((r) => r.name)).toEqual(["kept"]);
    await restarted.release();
  });
});
