import path from "node:path";
import { z } from "zod";

// Every setting CacheTrail reads from the environment, validated once.
const byteSize = z.coerce.number().int().positive();

const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  CACHETRAIL_DATA_DIR: z.string().default(".data"),
  /** Preferred port of the embedded PostgreSQL; 0 or a busy port means any free one. */
  CACHETRAIL_PG_PORT: z.coerce.number().int().min(0).max(65535).default(54329),
  /** Largest upload accepted, as sent (compressed). */
  INGEST_MAX_FILE_BYTES: byteSize.default(1024 ** 3),
  /** Largest decompressed size of one file: the gzip-bomb guard. */
  INGEST_MAX_DECOMPRESSED_BYTES: byteSize.default(4 * 1024 ** 3),
  INGEST_MAX_RECORD_BYTES: byteSize.default(1024 ** 2),
});

export type Env = z.infer<typeof schema>;

function load(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return parsed.data;
}

export const env = load();
export const dataDir = path.resolve(env.CACHETRAIL_DATA_DIR);
