import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { poolOf } from "@/lib/db/create-client";
import { ingestPaths, listInputFiles, type InputFile } from "@/lib/ingest/ingest-paths";
import { generateCorpus } from "@/tools/corpus/generate-corpus";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// A log file read while a digest that names it is being matched. storeDigests holds the digest's
// digest_log_file rows and then sets `named` on the files read; the file's own bookkeeping
// (recordLogFileRead) sets `named` on its row and then locks those digest rows. Had it kept its row
// locked while waiting for the digest's rows, the two would wait on each other: PostgreSQL breaks
// such a cycle by failing one of them, and the file was left unmatched.

let t: TestDatabase;
let root: string;
let logFiles: InputFile[];
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "completeness-locks-"));
  t = await createTestDatabase();
  await generateCorpus({
    outDir: root,
    sizeBytes: 1024 ** 3,
    elastiCacheShare: 1,
    seed: 7,
    callsPerSecond: 0.01,
    streams: ["111122223333/us-east-1"],
    startTime: new Date("2026-11-11T00:00:00Z"),
    until: new Date("2026-11-11T03:00:00Z"),
  });
  const { files } = await listInputFiles([root]);
  const digests = files.filter((f) => f.path.includes("CloudTrail-Digest"));
  logFiles = files.filter((f) => !f.path.includes("CloudTrail-Digest"));
  expect(digests.length).toBeGreaterThan(0);
  await ingestPaths(t.prisma, digests, { source: { kind: "cli", name: "command line" } });
}, 120_000);
afterAll(async () => {
  await t.drop();
  await rm(root, { recursive: true, force: true });
});

it("a log file read while its digest is being matched: both finish, and the file is matched", async () => {
  const file = logFiles[0]!;
  const base = file.path.split("/").at(-1)!;
  const digestSide = new pg.Client({ connectionString: t.url });
  await digestSide.connect();
  try {
    // What storeDigests' match does first: the digest's rows, locked.
    await digestSide.query("BEGIN");
    const locked = await digestSide.query(
      "SELECT digest_id FROM digest_log_file WHERE base_name = $1 ORDER BY digest_id, key FOR UPDATE",
      [base],
    );
    expect(locked.rowCount).toBe(1);

    const reading = ingestPaths(t.prisma, [file], { source: { kind: "cli", name: "command line" } });
    // The file's bookkeeping waits for those rows (its statements are one text, which pg_stat_activity
    // shows from its start).
    await vi.waitFor(
      async () => {
        const { rows } = await poolOf(t.prisma).query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO log_file_read%'`,
        );
        expect(rows[0]!.n).toBe(1);
      },
      { timeout: 20_000, interval: 50 },
    );
    // What it does next, still holding them: the files read that the digest names are marked.
    await digestSide.query("UPDATE log_file_read SET named = true WHERE NOT named AND base_name = $1", [base]);
    await digestSide.query("COMMIT");

    const result = await reading;
    expect(result.files[0]).toMatchObject({ outcome: "ok", error: null });
    expect(result.files[0]!.note ?? "").not.toContain("not recorded for completeness");
    const { rows } = await poolOf(t.prisma).query<{ matched: boolean; named: boolean }>(
      `SELECT f.file_id IS NOT NULL AND f.content_matches AS matched, r.named
       FROM digest_log_file f JOIN log_file_read r ON r.base_name = f.base_name WHERE f.base_name = $1`,
      [base],
    );
    expect(rows).toEqual([{ matched: true, named: true }]);
  } finally {
    await digestSide.end();
  }
});
