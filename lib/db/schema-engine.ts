import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";
import { logger } from "@/lib/log/logger";

// The Prisma CLI's migrate commands need a native schema engine that is downloaded at
// install time; this machine cannot download it. The same engine ships as WebAssembly
// (@prisma/schema-engine-wasm, pinned to our Prisma version) and talks to PostgreSQL
// through the pg driver adapter. Node cannot import a .wasm module, so we instantiate
// it the way Prisma's own loader does.
//
// We use two of its commands: applyMigrations (what `prisma migrate deploy` runs) and
// diff between two datamodels (no database involved). Commands that introspect a
// database panic on PostgreSQL 18's catalog in this version, so we avoid them.

const require = createRequire(import.meta.url);
let initialised = false;

async function initWasm(): Promise<void> {
  if (initialised) return;
  // The engine reports Rust panics through this global before throwing.
  (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
    set_message(message: string) {
      logger.error({ panic: message }, "Prisma schema engine panic");
    },
  };
  const wasmPath = path.join(
    path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")),
    "schema_engine_bg.wasm",
  );
  const wasmModule = new WebAssembly.Module(await readFile(wasmPath));
  const instance = new WebAssembly.Instance(wasmModule, {
    "./schema_engine_bg.js": engineBindings as unknown as WebAssembly.ModuleImports,
  });
  engineBindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  initialised = true;
}

export interface OpenSchemaEngine {
  engine: engineBindings.SchemaEngine;
  close(): Promise<void>;
}

/** Opens the schema engine on a database; `close()` frees it and its connections. */
export async function openSchemaEngine(databaseUrl: string, schema: string): Promise<OpenSchemaEngine> {
  await initWasm();
  // Our own pool, so that close() really closes it: freeing the engine does not.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const engine = await engineBindings.SchemaEngine.new(
    { datamodels: [["schema.prisma", schema]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(
      Object.assign(new PrismaPg(pool), {
        connectToShadowDb: () => Promise.reject(new Error("CacheTrail never uses a shadow database")),
      }),
    ),
  );
  return {
    engine,
    async close() {
      engine.free();
      await pool.end();
    },
  };
}
