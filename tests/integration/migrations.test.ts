import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { withDatabase } from "@/lib/db/database-url";
import { applyMigrations, readSchema, schemaDiffSql } from "@/lib/db/migrate";
import { describeCatalog } from "../helpers/catalog";
import { checkConstraintCatalogLines } from "../helpers/check-constraints";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

const databases: TestDatabase[] = [];
async function freshDatabase() {
  const db = await createTestDatabase();
  databases.push(db);
  return db;
}
afterAll(async () => {
  await Promise.all(databases.map((d) => d.drop()));
});

async function emptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject("adminDatabaseUrl");
  const name = `cachetrail_empty_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: withDatabase(adminUrl, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

describe("migrations", () => {
  it("produce exactly the schema prisma/schema.prisma describes, plus the CHECK constraints (no drift)", async () => {
    const migrated = await freshDatabase(); // cloned from the template, which ran every migration
    const fromSchema = await emptyDatabase();
    try {
      const client = new pg.Client({ connectionString: fromSchema.url });
      await client.connect();
      await client.query(await schemaDiffSql(fromSchema.url, null, await readSchema()));
      await client.end();
      const [a, b] = await Promise.all([describeCatalog(migrated.url), describeCatalog(fromSchema.url)]);
      expect(a.length).toBeGreaterThan(50);
      expect(a).toEqual([...b, ...checkConstraintCatalogLines()].sort());
    } finally {
      await fromSchema.drop();
    }
  });

  it("are applied once even when two processes start at the same time", async () => {
    const target = await emptyDatabase();
    try {
      const [first, second] = await Promise.all([applyMigrations(target.url), applyMigrations(target.url)]);
      expect([...first, ...second]).toHaveLength(await readMigrationCount());
      expect(await applyMigrations(target.url)).toEqual([]);
    } finally {
      await target.drop();
    }
  });

  it("through a pool, are applied on one of its connections, which stays in the pool without the lock", async () => {
    const target = await emptyDatabase();
    const pool = new pg.Pool({ connectionString: target.url, max: 2 });
    try {
      expect(await applyMigrations(target.url, { through: pool })).toHaveLength(await readMigrationCount());
      expect({ total: pool.totalCount, idle: pool.idleCount }).toEqual({ total: 1, idle: 1 });
      // The lock was given back: another process's check does not wait for it.
      expect(await applyMigrations(target.url)).toEqual([]);
    } finally {
      await pool.end();
      await target.drop();
    }
  });

  it("stop a start on a migration recorded as failed, though every folder is recorded (no shortcut hides it)", async () => {
    const target = await emptyDatabase();
    const client = new pg.Client({ connectionString: target.url });
    try {
      await applyMigrations(target.url);
      await client.connect();
      await client.query(
        `UPDATE _prisma_migrations SET finished_at = NULL, logs = 'failed half-way'
         WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)`,
      );
      await expect(applyMigrations(target.url)).rejects.toThrow();
    } finally {
      await client.end();
      await target.drop();
    }
  });
});

async function readMigrationCount(): Promise<number> {
  const { readMigrationList } = await import("@/lib/db/migrate");
  return (await readMigrationList()).migrationDirectories.length;
}
