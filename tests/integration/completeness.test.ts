import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/completeness/route";
import { setClientForTests } from "@/lib/db/client";
import { importPublicKeys } from "@/lib/completeness/keys";
import { knownGaps } from "@/lib/completeness/gaps";
import { gapBanner } from "@/lib/completeness/gap-text";
import { eventFileModified } from "@/lib/completeness/queries";
import { completenessReportSchema, type CompletenessReport } from "@/lib/completeness/schemas";
import { parsePublicKeys } from "@/lib/completeness/signature";
import { ingestPaths, listInputFiles } from "@/lib/ingest/ingest-paths";
import { generateCorpus, type CorpusSummary } from "@/tools/corpus/generate-corpus";
import { TEST_PUBLIC_KEYS_FILE, WRONG_PUBLIC_KEYS_FILE } from "@/tools/corpus/signing";
import { EVENT_ID_SELECT, eventIdOf } from "@/lib/events/event-id";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { get } from "../helpers/routes";

// Completeness from digest files (issue 16), through the CLI's ingest and GET /api/completeness:
// the corpus writes signed, chained digests of its own files, and drops or alters some on request.

const STREAM = "111122223333/us-east-1";
const ACCOUNT = "111122223333";

let t: TestDatabase;
let root: string;

async function corpus(name: string, options: Partial<Parameters<typeof generateCorpus>[0]>): Promise<CorpusSummary> {
  return generateCorpus({
    outDir: join(root, name),
    sizeBytes: 1024 ** 3,
    elastiCacheShare: 0.3,
    seed: 7,
    callsPerSecond: 0.001,
    streams: [STREAM],
    ...options,
  });
}

async function ingestDir(dir: string): Promise<void> {
  const { files } = await listInputFiles([dir]);
  await ingestPaths(t.prisma, files, { source: { kind: "cli", name: "command line" }, concurrency: 3 });
}

async function report(query: string): Promise<CompletenessReport> {
  const response = await get(GET, `/api/completeness?${query}`);
  expect(response.status).toBe(200);
  return completenessReportSchema.parse(await response.json());
}

async function importKeys(file: string): Promise<void> {
  await importPublicKeys(t.prisma, parsePublicKeys(await readFile(file, "utf8")));
}

/** The hour a digest's period starts in, read from the digest file the corpus wrote. */
async function digestHour(dir: string, key: string): Promise<string> {
  const digest = JSON.parse(gunzipSync(await readFile(join(dir, key))).toString("utf8")) as { digestStartTime: string };
  return new Date(Math.floor(Date.parse(digest.digestStartTime) / 3_600_000) * 3_600_000).toISOString();
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "completeness-"));
}, 60_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("a full month, every file delivered and read", () => {
  let month: CorpusSummary;
  beforeAll(async () => {
    t = await createTestDatabase();
    setClientForTests(t.prisma);
    month = await corpus("month", {
      startTime: new Date("2026-11-01T00:00:00Z"),
      until: new Date("2026-12-01T00:00:00Z"),
    });
    await ingestDir(join(root, "month"));
    await importKeys(TEST_PUBLIC_KEYS_FILE);
  }, 600_000);
  afterAll(async () => {
    await t.drop();
  });

  it("is complete: every log file every digest names was read, intact, and the chain is unbroken", async () => {
    const r = await report("from=2026-11-01&to=2026-12-01");
    expect(r.summary.digests).toBeGreaterThanOrEqual(30 * 24);
    expect(r.summary.logFiles).toBe(month.files - month.digestFiles);
    expect(r.summary).toMatchObject({ missing: 0, modified: 0, chainGaps: 0, unnamed: 0 });
    expect(r.summary.read).toBe(r.summary.logFiles);
    expect(r.missing).toEqual([]);
    expect(r.modified).toEqual([]);
    expect(r.days.every((d) => d.status === "complete")).toBe(true);
    expect(r.days.map((d) => d.at)).toContain("2026-11-30");
    expect(r.hours).toBeNull();
  });

  it("knows no gap for the banners, and gives every digest file the outcome `digest`", async () => {
    const period = { from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") };
    expect(await knownGaps(t.prisma, period)).toEqual([]);
    const outcomes = await t.prisma.ingestFile.groupBy({ by: ["format", "outcome"], _count: true });
    expect(outcomes.filter((o) => o.format === "digest").map((o) => [o.outcome, o._count])).toEqual([
      ["digest", month.digestFiles],
    ]);
  });

  it("verifies every signature it knows (all but the last digest's, which only S3 metadata carries)", async () => {
    const r = await report("from=2026-11-01&to=2026-12-01");
    expect(r.summary.signatures.invalid).toBe(0);
    expect(r.summary.signatures.valid).toBe(r.summary.digests - 1);
    expect(r.signatureProblems.map((p) => p.status)).toEqual(["no-signature"]);
  });

  it("fails every signature with a wrong key under the same fingerprint, and verifies again with the right one", async () => {
    await importKeys(WRONG_PUBLIC_KEYS_FILE);
    const wrong = await report("from=2026-11-01&to=2026-12-01");
    expect(wrong.summary.signatures.valid).toBe(0);
    expect(wrong.summary.signatures.invalid).toBe(wrong.summary.digests - 1);
    await importKeys(TEST_PUBLIC_KEYS_FILE);
    const right = await report("from=2026-11-01&to=2026-12-01");
    expect(right.summary.signatures).toEqual({ valid: right.summary.digests - 1, invalid: 0, unverified: 1 });
  });

  it("answers 400 naming the parameter for a bad range", async () => {
    const response = await get(GET, "/api/completeness?from=2026-11-30&to=2026-11-01");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("to");
  });
});

describe("two days with a log file dropped, one altered, a digest dropped, and one file uploaded under another name", () => {
  let days: CorpusSummary;
  let dir: string;
  let renamed: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    setClientForTests(t.prisma);
    dir = join(root, "tampered");
    days = await corpus("tampered", {
      seed: 11,
      callsPerSecond: 0.02,
      elastiCacheShare: 1,
      startTime: new Date("2026-11-11T00:00:00Z"),
      until: new Date("2026-11-13T00:00:00Z"),
      tampering: { dropLogFiles: [20], alterLogFiles: [40], dropDigests: [30] },
    });
    // One more log file arrives as an upload would: decompressed, under a name of its own.
    const { files } = await listInputFiles([dir]);
    const log = files.find(
      (f) => f.path.includes("/CloudTrail/") && !days.tampered.alteredLogFiles.some((a) => f.path.endsWith(a.key)),
    );
    renamed = log!.path.slice(dir.length + 1);
    await writeFile(join(dir, "upload-1.json"), gunzipSync(await readFile(log!.path)));
    await rm(log!.path);
    await ingestDir(dir);
    await importKeys(TEST_PUBLIC_KEYS_FILE);
  }, 600_000);
  afterAll(async () => {
    await t.drop();
  });

  it("reports exactly the dropped key missing, in the hour of the digest that names it", async () => {
    const [dropped] = days.tampered.droppedLogFiles;
    const r = await report(`from=2026-11-11&to=2026-11-13&account=${ACCOUNT}&region=us-east-1`);
    expect(r.missing.map((m) => [m.key, m.hour, m.digestKey])).toEqual([
      [dropped!.key, await digestHour(dir, dropped!.digestKey), dropped!.digestKey],
    ]);
    expect(r.summary.missing).toBe(1);
    const hour = r.hours!.find((h) => h.at === r.missing[0]!.hour);
    expect(hour).toMatchObject({ missing: 1, status: "missing" });
  });

  it("gives the explorer and the timelines a gap banner for exactly the dropped file's day and stream", async () => {
    const [dropped] = days.tampered.droppedLogFiles;
    const day = (await digestHour(dir, dropped!.digestKey)).slice(0, 10);
    const period = { from: new Date("2026-11-11T00:00:00Z"), to: new Date("2026-11-13T00:00:00Z") };
    const gaps = await knownGaps(t.prisma, { ...period, accounts: [ACCOUNT] });
    expect(gaps).toEqual([{ account: ACCOUNT, region: "us-east-1", day, missing: 1 }]);
    expect(gapBanner(gaps)?.text).toBe(
      `1 log file of us-east-1 (account ${ACCOUNT}) on ${day} is missing — this history may be incomplete`,
    );
    expect(await knownGaps(t.prisma, { ...period, regions: ["eu-west-1"] })).toEqual([]);
    expect(await knownGaps(t.prisma, { ...period, accounts: ["999999999999"] })).toEqual([]);
    expect(await knownGaps(t.prisma, { to: new Date(`${day}T00:00:00Z`) })).toEqual([]);
    expect(await knownGaps(t.prisma, {})).toEqual(gaps);
  });

  it("flags the altered file modified and marks its events; the renamed upload counts as read", async () => {
    const [altered] = days.tampered.alteredLogFiles;
    const r = await report("from=2026-11-11&to=2026-11-13");
    expect(r.modified.map((m) => m.key)).toEqual([altered!.key]);
    const file = r.modified[0]!;
    expect(file.actualSha256).not.toBe(file.expectedSha256);
    expect(file.events).toBeGreaterThan(0);
    // Its events stay, marked (an event first stored from another file belongs to that file).
    const events = await t.prisma.event.findMany({
      where: { ingestFileId: BigInt(file.fileId!) },
      select: EVENT_ID_SELECT,
    });
    expect(events.length).toBeGreaterThan(0);
    expect(events.length).toBeLessThanOrEqual(file.events!);
    for (const e of events)
      expect(await eventFileModified(t.prisma, eventIdOf(e))).toEqual({
        key: altered!.key,
        digestKey: altered!.digestKey,
      });
    const other = await t.prisma.event.findFirst({
      where: { NOT: { ingestFileId: BigInt(file.fileId!) } },
      select: EVENT_ID_SELECT,
    });
    expect(await eventFileModified(t.prisma, eventIdOf(other!))).toBeNull();
    expect(r.missing.map((m) => m.key)).not.toContain(renamed);
    expect(r.summary.read).toBe(r.summary.logFiles - 1);
  });

  it("shows the dropped digest as a break in the chain, with its key, and its hour as having no digest", async () => {
    const [droppedDigest] = days.tampered.droppedDigests;
    const r = await report("from=2026-11-11&to=2026-11-13");
    expect(r.chainGaps.map((g) => [g.previousKey, g.reason])).toEqual([[droppedDigest, "missing"]]);
    expect(r.summary.chainGaps).toBe(1);
    const missingHour = await digestHour(dir, r.chainGaps[0]!.digestKey);
    const before = new Date(Date.parse(missingHour) - 3_600_000).toISOString();
    expect(r.hours!.find((h) => h.at === before)).toMatchObject({ digests: 0, status: "no-digest" });
  });

  it("lists the log files the dropped digest named, read but named by no digest", async () => {
    const r = await report("from=2026-11-10&to=2026-11-13");
    expect(r.summary.unnamed).toBe(r.unnamed.length);
    for (const f of r.unnamed) expect(f.name).toContain("/CloudTrail/us-east-1/");
  });
});
