import { copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/completeness/route";
import { poolOf } from "@/lib/db/create-client";
import { setClientForTests } from "@/lib/db/client";
import { completenessReportSchema, type CompletenessReport } from "@/lib/completeness/schemas";
import { ingestPaths, listInputFiles } from "@/lib/ingest/ingest-paths";
import { generateCorpus, type CorpusSummary } from "@/tools/corpus/generate-corpus";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { get } from "../helpers/routes";

// The summaries the coverage report reads instead of the named files (issue 16, coverage speed):
// digest.files_read / files_modified / files_missing, digest.chain_broken and log_file_read.named,
// kept at write time. Each state below is compared with the same facts recomputed from
// digest_log_file and the digests themselves: they must agree exactly after concurrent ingests of
// the same files, a re-ingest, and a later upload of what was missing.

const STREAM = "111122223333/us-east-1";
const RANGE = "from=2026-11-11&to=2026-11-11";

let t: TestDatabase;
let root: string;
let tampered: CorpusSummary;
/** The same corpus with nothing dropped or altered: where the later uploads come from. */
let intact: CorpusSummary;
let droppedDigestFiles: number;

function corpus(name: string, tampering: Parameters<typeof generateCorpus>[0]["tampering"]): Promise<CorpusSummary> {
  return generateCorpus({
    outDir: join(root, name),
    sizeBytes: 1024 ** 3,
    elastiCacheShare: 1,
    seed: 23,
    callsPerSecond: 0.01,
    streams: [STREAM],
    startTime: new Date("2026-11-11T00:00:00Z"),
    until: new Date("2026-11-12T00:00:00Z"),
    tampering,
  });
}

async function ingestDir(dir: string): Promise<void> {
  const { files } = await listInputFiles([dir]);
  await ingestPaths(t.prisma, files, { source: { kind: "cli", name: "command line" }, concurrency: 3 });
}

async function report(): Promise<CompletenessReport> {
  const response = await get(GET, `/api/completeness?${RANGE}`);
  expect(response.status).toBe(200);
  return completenessReportSchema.parse(await response.json());
}

/** Rows whose kept summary differs from the same fact recomputed from scratch (all zero when exact). */
async function drift(): Promise<{ counters: number; chain: number; named: number }> {
  const { rows } = await poolOf(t.prisma).query<{ counters: number; chain: number; named: number }>(
    `SELECT
       (SELECT count(*) FROM digest d
          LEFT JOIN (SELECT digest_id, count(file_id) AS r, count(*) FILTER (WHERE content_matches = false) AS m
                     FROM digest_log_file GROUP BY digest_id) c ON c.digest_id = d.id
        WHERE d.files_read <> coalesce(c.r, 0) OR d.files_modified <> coalesce(c.m, 0)
          OR d.files_missing <> d.log_file_count - coalesce(c.r, 0))::int AS counters,
       (SELECT count(*) FROM digest d
        WHERE d.chain_broken <> (d.previous_key IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM digest p
          WHERE p.key = d.previous_key AND (d.previous_hash IS NULL OR p.content_sha256 = d.previous_hash))))::int AS chain,
       (SELECT count(*) FROM log_file_read r
        WHERE r.named <> EXISTS (SELECT 1 FROM digest_log_file f
                                 WHERE f.hash_value = r.content_sha256 OR f.base_name = r.base_name))::int AS named`,
  );
  return rows[0]!;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "completeness-summaries-"));
  t = await createTestDatabase();
  setClientForTests(t.prisma);
  tampered = await corpus("tampered", { dropLogFiles: [20], alterLogFiles: [40], dropDigests: [10] });
  intact = await corpus("intact", undefined);
  const [droppedDigest] = tampered.tampered.droppedDigests;
  const digest = JSON.parse(gunzipSync(await readFile(join(root, "intact", droppedDigest!))).toString("utf8")) as {
    logFiles: unknown[];
  };
  droppedDigestFiles = digest.logFiles.length;
}, 600_000);
afterAll(async () => {
  await t.drop();
  await rm(root, { recursive: true, force: true });
});

describe("completeness summaries kept at write time", () => {
  it("are exact after two ingests of the same files at once", async () => {
    expect(intact.files).toBe(tampered.files + 2); // one log file and one digest dropped
    expect(droppedDigestFiles).toBeGreaterThan(0);
    await Promise.all([ingestDir(join(root, "tampered")), ingestDir(join(root, "tampered"))]);
    expect(await drift()).toEqual({ counters: 0, chain: 0, named: 0 });
    const r = await report();
    expect(r.missing.map((m) => m.key)).toEqual(tampered.tampered.droppedLogFiles.map((f) => f.key));
    expect(r.modified.map((m) => m.key)).toEqual(tampered.tampered.alteredLogFiles.map((f) => f.key));
    expect(r.chainGaps.map((g) => g.previousKey)).toEqual(tampered.tampered.droppedDigests);
    // Only the files of the dropped digest are named by no digest: each read twice. A second read
    // of a file a digest names is not "unnamed".
    expect(r.summary.unnamed).toBe(2 * droppedDigestFiles);
    expect(r.summary).toMatchObject({ missing: 1, modified: 1, chainGaps: 1 });
  });

  it("are exact after the same files are ingested again", async () => {
    await ingestDir(join(root, "tampered"));
    expect(await drift()).toEqual({ counters: 0, chain: 0, named: 0 });
    const r = await report();
    expect(r.summary).toMatchObject({ missing: 1, modified: 1, chainGaps: 1, unnamed: 3 * droppedDigestFiles });
  });

  it("are exact after a later upload of the missing file, the intact copy of the altered one and the missing digest", async () => {
    const later = join(root, "later");
    const keys = [
      ...tampered.tampered.droppedLogFiles.map((f) => f.key),
      ...tampered.tampered.alteredLogFiles.map((f) => f.key),
      ...tampered.tampered.droppedDigests,
    ];
    for (const key of keys) {
      await mkdir(dirname(join(later, key)), { recursive: true });
      await copyFile(join(root, "intact", key), join(later, key));
    }
    await ingestDir(later);
    expect(await drift()).toEqual({ counters: 0, chain: 0, named: 0 });
    const r = await report();
    expect(r.summary).toMatchObject({ missing: 0, modified: 0, chainGaps: 0, unnamed: 0 });
    expect(r.summary.read).toBe(r.summary.logFiles);
    expect([r.missing, r.modified, r.chainGaps, r.unnamed]).toEqual([[], [], [], []]);
    expect(r.days.map((d) => d.status)).toEqual(["complete"]);
  });
});
