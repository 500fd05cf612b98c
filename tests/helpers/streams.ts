import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";

/** Bytes as the async iterable the ingest reads, in chunks of `chunkSize`. */
export async function* chunks(bytes: Uint8Array, chunkSize = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
}

export const SEED_FILES = ["create-cache-cluster", "describe-cache-clusters", "modify-cache-cluster"].map(
  (name) => `tests/fixtures/seed/${name}.json`,
);

export async function seedRecords(): Promise<Record<string, unknown>[]> {
  return Promise.all(SEED_FILES.map(async (f) => JSON.parse(await readFile(f, "utf8")) as Record<string, unknown>));
}

export function trailFile(records: unknown[], gzip = true): Buffer {
  const json = Buffer.from(JSON.stringify({ Records: records }));
  return gzip ? gzipSync(json) : json;
}
