import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestFileSchema } from "@/lib/completeness/digest-file";
import { importPublicKeys } from "@/lib/completeness/keys";
import { parsePublicKeys } from "@/lib/completeness/signature";
import { storeDigest, storeDigests, type DigestToStore } from "@/lib/completeness/store";
import { poolOf } from "@/lib/db/create-client";
import { ingestPaths, listInputFiles, type InputFile } from "@/lib/ingest/ingest-paths";
import { generateCorpus } from "@/tools/corpus/generate-corpus";
import { TEST_PUBLIC_KEYS_FILE } from "@/tools/corpus/signing";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// Digests stored in one batch (storeDigests, what a sync does with the digests it reads, issue 16)
// must leave the database exactly as storing them one by one in chain order does: the chain and its
// breaks, the signatures borrowed and lent and their checks, backfill digests, the matches to the
// log files read before and after, and the counters the completeness report reads.

let root: string;
let items: DigestToStore[];
let logsBefore: InputFile[];
let logsAfter: InputFile[];
let badSignatureKey: string;
let backfillKey: string;

async function load(prisma: TestDatabase["prisma"], logs: InputFile[]): Promise<void> {
  await ingestPaths(prisma, logs, { source: { kind: "cli", name: "command line" }, concurrency: 3 });
}

/** Everything the completeness report reads, by key and name (file ids differ between databases). */
async function state(t: TestDatabase) {
  const pool = poolOf(t.prisma);
  const digests = await pool.query(
    `SELECT key, backfill, chain_broken, signature, signature_status, log_file_count, files_read, files_missing,
       files_modified FROM digest ORDER BY key`,
  );
  const files = await pool.query(
    `SELECT d.key AS digest, f.key, r.base_name AS matched, f.content_matches FROM digest_log_file f
     JOIN digest d ON d.id = f.digest_id LEFT JOIN log_file_read r ON r.file_id = f.file_id ORDER BY 1, 2`,
  );
  const read = await pool.query("SELECT base_name, named FROM log_file_read ORDER BY base_name");
  return { digests: digests.rows, files: files.rows, read: read.rows };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "completeness-batch-"));
  const trail = await generateCorpus({
    outDir: root,
    sizeBytes: 1024 ** 3,
    elastiCacheShare: 1,
    seed: 23,
    callsPerSecond: 0.02,
    streams: ["111122223333/us-east-1", "111122223333/eu-west-1"],
    startTime: new Date("2026-11-11T00:00:00Z"),
    until: new Date("2026-11-12T12:00:00Z"),
    tampering: { dropLogFiles: [5], alterLogFiles: [9], dropDigests: [7] },
  });
  expect(trail.tampered.droppedDigests).toHaveLength(1);
  const { files } = await listInputFiles([root]);
  const logs = files.filter((f) => f.path.includes("/CloudTrail/"));
  logsBefore = logs.filter((_, i) => i % 2 === 0);
  logsAfter = logs.filter((_, i) => i % 2 === 1);
  items = [];
  for (const path of files.map((f) => f.path).filter((p) => p.includes("/CloudTrail-Digest/"))) {
    const content = gunzipSync(await readFile(path));
    items.push({
      digest: digestFileSchema.parse(JSON.parse(content.toString("utf8"))),
      // Read from disk: no S3 metadata, so each digest borrows its signature from its successor.
      read: { contentSha256: createHash("sha256").update(content).digest("hex"), fileId: null, signature: null },
    });
  }
  items.sort((a, b) => Date.parse(a.digest.digestStartTime) - Date.parse(b.digest.digestStartTime));
  // The last digest of a stream lends no one a signature: give it one, wrong.
  const last = items.at(-1)!;
  badSignatureKey = last.digest.digestS3Object;
  last.read = { ...last.read, signature: "ab".repeat(256) };
  // A backfill digest beside one of the day's: the same predecessor and log files, content of its own.
  const original = items[4]!;
  backfillKey = original.digest.digestS3Object.replace(/\.json\.gz$/, "_backfill.json.gz");
  items.push({
    digest: { ...original.digest, digestS3Object: backfillKey },
    read: { ...original.read, contentSha256: createHash("sha256").update("backfill").digest("hex") },
  });
}, 600_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("digests stored in one batch", () => {
  let oneByOne: TestDatabase;
  let batch: TestDatabase;
  beforeAll(async () => {
    [oneByOne, batch] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    for (const t of [oneByOne, batch]) {
      await importPublicKeys(t.prisma, parsePublicKeys(await readFile(TEST_PUBLIC_KEYS_FILE, "utf8")));
      await load(t.prisma, logsBefore);
    }
    // Chain order: what a sync storing them as it reads them does.
    for (const { digest, read } of items) await storeDigest(oneByOne.prisma, digest, read);
    // Any order: the batch puts them in chain order itself. Each key twice: stored once.
    const shuffled = [...items].reverse();
    const results = await storeDigests(batch.prisma, [...shuffled, shuffled[0]!]);
    expect(results).toHaveLength(items.length + 1);
    expect(results.filter((r) => r.inserted)).toHaveLength(items.length);
    expect(results.at(-1)).toEqual({ id: results[0]!.id, inserted: false });
    for (const t of [oneByOne, batch]) await load(t.prisma, logsAfter);
  }, 600_000);
  afterAll(async () => {
    await Promise.all([oneByOne?.drop(), batch?.drop()]);
  });

  it("leaves every digest, log file match, counter and signature as storing them one by one does", async () => {
    expect(await state(batch)).toEqual(await state(oneByOne));
  });

  it("keeps the chain break, the bad signature and the backfill digest", async () => {
    const { digests } = await state(batch);
    const byKey = new Map(digests.map((d) => [d.key as string, d]));
    expect(digests).toHaveLength(items.length);
    // The digest after the dropped one names a predecessor nobody stored.
    expect(digests.filter((d) => d.chain_broken).length).toBeGreaterThanOrEqual(1);
    expect(byKey.get(badSignatureKey)?.signature_status).toBe("invalid");
    expect(byKey.get(backfillKey)?.backfill).toBe(true);
    // Every other digest is verified but those no successor lends a signature (only S3 metadata carries
    // it): the other stream's last, the one before the dropped digest, and the backfill digest.
    const statuses = digests.map((d) => d.signature_status as string);
    expect(statuses.filter((s) => s === "valid")).toHaveLength(digests.length - 4);
    expect(statuses.filter((s) => s === "no-signature")).toHaveLength(3);
    expect(byKey.get(backfillKey)?.signature_status).toBe("no-signature");
    // The dropped log file is missing and the altered one modified.
    expect(digests.reduce((n, d) => n + (d.files_missing as number), 0)).toBeGreaterThanOrEqual(1);
    expect(digests.reduce((n, d) => n + (d.files_modified as number), 0)).toBeGreaterThanOrEqual(1);
  });
});
