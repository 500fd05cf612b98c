import { execFileSync } from "node:child_process";

/**
 * Loads CloudTrail files into the app under test through the real CLI, which attaches to
 * the server's embedded PostgreSQL. Ingest is exactly-once, so journeys may call it freely.
 */
export function ingestWithCli(...paths: string[]): void {
  execFileSync("npm", ["run", "--silent", "ingest", "--", "--json", ...paths], {
    env: { ...process.env, CACHETRAIL_DATA_DIR: process.env.E2E_DATA_DIR ?? ".data/e2e" },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

export const SEED_RECORDS = "tests/fixtures/seed";

/**
 * The seed of the trail file the upload journey generates: fixed, so a failure replays with the
 * same data. Its events are still new to the database because scripts/e2e.ts starts every run on
 * an empty one.
 */
export const UPLOAD_CORPUS_SEED = 20_250_601;
