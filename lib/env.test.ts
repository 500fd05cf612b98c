import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { envSchema } from "./env";

// The README's settings table is the user's reference: every setting lib/env.ts reads has a row,
// and each numeric limit's default there is the one the code applies.

const rows = new Map<string, string>();
for (const line of readFileSync("README.md", "utf8").split("\n")) {
  const m = /^\| (`[A-Z0-9_]+`(?:, `[A-Z0-9_]+`)*) \| ([^|]*) \|/.exec(line);
  if (!m) continue;
  for (const name of m[1]!.matchAll(/`([A-Z0-9_]+)`/g)) rows.set(name[1]!, m[2]!.trim());
}

const UNITS: Record<string, number> = { KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/** "1 GiB" → 1073741824, "21600 (6 h)" → 21600, "10000" → 10000. */
function readmeNumber(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(?: (KiB|MiB|GiB))?(?: \(.*\))?$/.exec(text);
  if (!m) throw new Error(`not a number: ${text}`);
  return Number(m[1]) * (m[2] ? UNITS[m[2]]! : 1);
}

describe("the README's settings table", () => {
  const defaults = envSchema.parse({}) as Record<string, unknown>;

  it("has a row for every setting", () => {
    expect(Object.keys(envSchema.shape).filter((name) => !rows.has(name))).toEqual([]);
  });

  // Issue 17's limits and timeouts, each honoured by a test of its own (docs/security.md's table).
  it.each([
    "INGEST_MAX_FILE_BYTES",
    "INGEST_MAX_DECOMPRESSED_BYTES",
    "INGEST_MAX_RECORD_BYTES",
    "INGEST_MAX_PARTS",
    "INGEST_MAX_REQUEST_DECOMPRESSED_BYTES",
    "INGEST_MAX_CONCURRENT",
    "INGEST_QUEUE_WAIT_SECONDS",
    "INGEST_REQUEST_TIMEOUT_SECONDS",
    "CACHETRAIL_REQUEST_TIMEOUT_SECONDS",
    "INGEST_DB_RETRY_SECONDS",
    "CACHETRAIL_DB_ACQUIRE_TIMEOUT_SECONDS",
    "CACHETRAIL_DB_STATEMENT_TIMEOUT_SECONDS",
  ])("%s: the README's default is the code's", (name) => {
    expect(readmeNumber(rows.get(name)!)).toBe(defaults[name]);
  });
});
