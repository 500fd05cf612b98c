import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import type { MigrationList } from "@prisma/schema-engine-wasm";

export const PRISMA_DIR = path.resolve(process.cwd(), "prisma");
const MIGRATIONS_DIR = path.join(PRISMA_DIR, "migrations");
// Any constant works as long as every CacheTrail process uses the same one.
const MIGRATION_LOCK_KEY = 7_411_320_001;

export async function readSchema(): Promise<string> {
  return readFile(path.join(PRISMA_DIR, "schema.prisma"), "utf8");
}

/** The prisma/migrations folder in the shape the schema engine expects. */
export async function readMigrationList(dir = MIGRATIONS_DIR): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true });
  const folders = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const lockPath = path.join(dir, "migration_lock.toml");
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: await readFile(lockPath, "utf8").catch(() => null) },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      folders.map(async (folder) => ({
        path: folder,
        migrationFile: {
          path: "migration.sql",
          content: await readFile(path.join(dir, folder, "migration.sql"), "utf8")
            .then((sql) => ({ tag: "ok" as const, value: sql }))
            .catch((error: Error) => ({ tag: "error" as const, value: error.message })),
        },
      })),
    ),
  };
}

const noFilters = { externalTables: [], externalEnums: [] };

/**
 * Applies pending migrations, recording them in _prisma_migrations exactly as
 * `prisma migrate deploy` does. Several processes may start at once: a session-level
 * advisory lock makes the second wait and then find nothing to apply.
 */
export async function applyMigrations(databaseUrl: string, options: { through?: pg.Pool } = {}): Promise<string[]> {
  // Read while the connection is made (awaited below, where a failure is thrown).
  const reading = readMigrationList();
  reading.catch(() => {});
  // Through a pool, its connection serves the pool's first queries afterwards.
  const pooled = options.through ? await options.through.connect() : null;
  const lock = pooled ?? new pg.Client({ connectionString: databaseUrl });
  if (!pooled) await lock.connect();
  try {
    await lock.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    const migrationsList = await reading;
    if (await allApplied(lock, databaseUrl, migrationsList)) return [];
    // Loaded only now: a start with nothing to apply (every CLI run) does not load the engine's bindings.
    const { openSchemaEngine } = await import("./schema-engine");
    const { engine, close } = await openSchemaEngine(databaseUrl, await readSchema());
    try {
      const result = await engine.applyMigrations({ migrationsList, filters: noFilters });
      return result.appliedMigrationNames;
    } finally {
      await close();
    }
  } finally {
    const unlocked = await lock.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).then(
      () => true,
      () => false,
    );
    // A pooled connection that may still hold the lock is closed rather than reused.
    if (pooled) pooled.release(!unlocked);
    else await lock.end();
  }
}

/**
 * True when _prisma_migrations records every migration folder as applied, with the checksum of its
 * file as it is now, and no migration as failed: the schema engine would then apply nothing, and
 * starting it costs every process that provides the database (the CLI at each run) 0.38–0.60 s of
 * CPU, measured on the shared machine (WebAssembly, 5.4 MB to compile), where this check costs two
 * small queries. Anything else (a new folder, an edited file, a failed or rolled back migration, no
 * table yet, a schema named in the URL) goes to the engine as before.
 */
async function allApplied(client: pg.ClientBase, databaseUrl: string, list: MigrationList): Promise<boolean> {
  if (new URL(databaseUrl).searchParams.has("schema")) return false;
  const table = await client.query<{ name: string | null }>("SELECT to_regclass('_prisma_migrations')::text AS name");
  if (table.rows[0]?.name == null) return false;
  const { rows } = await client.query<{
    migration_name: string;
    checksum: string;
    finished_at: Date | null;
    rolled_back_at: Date | null;
  }>("SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations");
  if (rows.some((r) => r.finished_at === null && r.rolled_back_at === null)) return false;
  const applied = new Map(
    rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => [r.migration_name, r.checksum]),
  );
  return list.migrationDirectories.every(
    (d) =>
      d.migrationFile.content.tag === "ok" &&
      applied.get(d.path) === createHash("sha256").update(d.migrationFile.content.value).digest("hex"),
  );
}

/** SQL that takes a database described by `from` (a schema, or nothing) to the schema `to`. */
export async function schemaDiffSql(databaseUrl: string, from: string | null, to: string): Promise<string> {
  const { openSchemaEngine } = await import("./schema-engine");
  const { engine, close } = await openSchemaEngine(databaseUrl, to);
  try {
    const result = await engine.diff({
      from:
        from === null
          ? { tag: "empty" }
          : { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: from }] },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: to }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return result.stdout ?? "";
  } finally {
    await close();
  }
}
