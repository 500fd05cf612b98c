// npm run bench:s3 [-- --size 50MB --seed 1 --concurrency 4]
// Side by side, in one run, on the same generated trail files:
// 1. throughput: syncing them from a local S3 server (s3rver on loopback, through the real AWS
//    SDK, the ledger and the engine) vs `npm run ingest` of the same files from disk — objects/s,
//    MB/s (compressed, as read) and the ratio (target ≥ 0.7 of local disk); and the same sync from a
//    prefix that also holds the trail's digest files (CloudTrail-Digest/, read and stored for
//    completeness, issue 16) — what reading digests adds to a sync's time (target < 5 %);
// 2. listing cost: a bucket holding three years of layout for 3 accounts × 4 regions (one under
//    an organization trail), of which only the last 7 days are wanted — the requests made (target
//    ≤ 2 × the day folders wanted + discovery), and what the next, incremental sync makes.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { machineDescription, markdownTable, uptime, writeBenchmarkSection } from "@/scripts/bench/report";
import { processCpuSeconds } from "@/scripts/bench/process-cpu";
import { generateCorpus, parseSize } from "@/tools/corpus";
import { closePrismaClient, createPrismaClient, poolOf } from "@/lib/db/create-client";
import { dataDir } from "@/lib/env";
import { formatCount } from "@/lib/format/numbers";
import { ingestPaths, listInputFiles, type InputFile } from "@/lib/ingest/ingest-paths";
import { BucketReader } from "@/lib/sources/bucket";
import { addDays, dayFolder, dayOf, daysBetween, parseTrailKey, type Stream } from "@/lib/sources/layout";
import { createS3Client } from "@/lib/sources/s3-client";
import { createSource, loadSyncSource } from "@/lib/sources/sources";
import { listSync } from "@/lib/sources/sync";
import { syncHere } from "@/lib/sources/sync-here";
import { startSenderBoss } from "@/lib/jobs/boss";
import { requestSync } from "@/lib/jobs/sender";
import { startWorker } from "@/lib/jobs/worker";
import { TEST_CREDENTIALS, TestS3Server } from "../../tests/helpers/s3-server";
import { benchDatabases } from "./bench-databases";

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "50MB" },
    seed: { type: "string", default: "1" },
    concurrency: { type: "string", default: "4" },
    /** Only the throughput runs (disk, S3, S3 with digests), written to their own section (`s3-digests`). */
    "throughput-only": { type: "boolean", default: false },
    /** Runs per path; the median is reported (the digest overhead is a few per cent: more runs, less noise). */
    runs: { type: "string", default: "3" },
    /** With --throughput-only: the same comparison through the job queue ("Sync now" read by a worker). */
    queue: { type: "boolean", default: false },
  },
});
const concurrency = Number(values.concurrency);
const REPEATS = Number(values.runs);
process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;

const uptimeBefore = uptime();

const databases = await benchDatabases();

const s3 = await TestS3Server.start("bench-trail");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// ---- 1. Throughput: the same log files from S3 and from disk.

const corpusDir = path.join(dataDir, "bench", `s3-mixed-${values.size}-seed${values.seed}`);
if (!existsSync(path.join(corpusDir, "AWSLogs"))) {
  console.log(`Generating ${values.size} of trail files…`);
  await generateCorpus({
    outDir: corpusDir,
    sizeBytes: parseSize(values.size!),
    elastiCacheShare: 0.05,
    seed: Number(values.seed),
  });
}
const corpusFiles = (await listInputFiles([corpusDir])).files;
const logs: InputFile[] = corpusFiles.filter((f) => f.path.includes("/CloudTrail/"));
const digests: InputFile[] = corpusFiles.filter((f) => f.path.includes("/CloudTrail-Digest/"));
const compressedBytes = logs.reduce((n, f) => n + f.size, 0);
const relativeKey = (file: InputFile) => path.relative(corpusDir, file.path).split(path.sep).join("/");
const keyOf = (file: InputFile, prefix = "throughput/") => `${prefix}${relativeKey(file)}`;
console.log(
  `Uploading ${logs.length} log files (${(compressedBytes / 1e6).toFixed(1)} MB) to the S3 server, twice ` +
    `(the second time beside their ${digests.length} digest files)…`,
);
/** Puts the files under `prefix`, keyed by their path under `dir`, 16 at a time. */
async function putUnder(prefix: string, files: readonly InputFile[], dir = corpusDir): Promise<void> {
  const key = (f: InputFile) => `${prefix}${path.relative(dir, f.path).split(path.sep).join("/")}`;
  for (let i = 0; i < files.length; i += 16)
    await Promise.all(files.slice(i, i + 16).map(async (f) => s3.put(key(f), await readFile(f.path))));
}
await putUnder("throughput/", logs);
await putUnder("with-digests/", [...logs, ...digests]);
const days = logs.map((f) => parseTrailKey(keyOf(f), "throughput/")!.day).sort();
/** The last hour's digest is delivered after it: its day may come after the last log file's. */
const lastDay = [...days, ...digests.map((f) => parseTrailKey(keyOf(f), "throughput/")!.day)].sort().at(-1)!;

interface Timing {
  seconds: number;
  stored: number;
  /** CPU seconds the test S3 server (its own process, on the same two cores) spent during the sync. */
  serverCpu?: number;
}

async function fromDisk(run: number): Promise<Timing> {
  const prisma = createPrismaClient(await databases.fresh(`bench_s3_disk`), concurrency + 4);
  const started = performance.now();
  const result = await ingestPaths(prisma, logs, { source: { kind: "cli", name: `bench ${run}` }, concurrency });
  const seconds = (performance.now() - started) / 1000;
  await closePrismaClient(prisma);
  return { seconds, stored: result.files.reduce((n, f) => n + f.stored, 0) };
}

async function fromS3(run: number, withDigests = false): Promise<Timing> {
  const prisma = createPrismaClient(await databases.fresh(`bench_s3_sync`), concurrency + 4);
  const id = await createSource(
    prisma,
    s3.sourceInput({
      name: `bench ${run}`,
      prefix: withDigests ? "with-digests/" : "throughput/",
      startDate: days[0]!,
      intervalMinutes: 5,
    }),
    undefined,
  );
  const source = await loadSyncSource(prisma, id, undefined);
  const reader = new BucketReader(
    createS3Client(source.connection, { maxSockets: concurrency * 2 }),
    source.connection,
  );
  const serverCpuBefore = await processCpuSeconds(s3.pid!);
  const started = performance.now();
  const result = await syncHere(prisma, reader, source, { concurrency, from: days[0]!, to: lastDay });
  const seconds = (performance.now() - started) / 1000;
  const serverCpu = (await processCpuSeconds(s3.pid!)) - serverCpuBefore;
  const stored = withDigests ? await prisma.digest.count() : 0;
  await closePrismaClient(prisma);
  const expected = logs.length + (withDigests ? digests.length : 0);
  if (result.files.length !== expected) throw new Error(`The sync read ${result.files.length} of ${expected} objects`);
  if (stored !== (withDigests ? digests.length : 0))
    throw new Error(`The sync stored ${stored} of ${digests.length} digests`);
  return { seconds, stored: result.files.reduce((n, f) => n + f.stored, 0), serverCpu };
}

const disk: Timing[] = [];
const synced: Timing[] = [];
const withDigests: Timing[] = [];
for (let run = 1; run <= REPEATS; run++) {
  console.log(`Throughput, run ${run} of ${REPEATS}: disk…`);
  disk.push(await fromDisk(run));
  // Alternated, so a change of the machine's load between runs falls on both S3 sides alike.
  const order = run % 2 === 1 ? [false, true] : [true, false];
  for (const digestsToo of order) {
    console.log(`Throughput, run ${run} of ${REPEATS}: S3${digestsToo ? " with digests" : ""}…`);
    const timing = await fromS3(run, digestsToo);
    console.log(`  ${timing.seconds.toFixed(2)} s`);
    (digestsToo ? withDigests : synced).push(timing);
  }
}
const diskSeconds = median(disk.map((d) => d.seconds));
const s3Seconds = median(synced.map((d) => d.seconds));
const digestSeconds = median(withDigests.map((d) => d.seconds));
const ratio = diskSeconds / s3Seconds;
/**
 * Run by run (the two S3 sides of a run follow each other): the machine's drift over the runs is larger than the
 * digests' cost, so the verdict is the median of the paired differences, not the ratio of the two medians.
 */
const paired = withDigests.map((t, i) => t.seconds / synced[i]!.seconds - 1);
const digestOverhead = median(paired);
const pairedSeconds = median(withDigests.map((t, i) => t.seconds - synced[i]!.seconds));
const best = (ts: Timing[]) => Math.min(...ts.map((t) => t.seconds));
const runsOf = (ts: Timing[]) => ts.map((t) => t.seconds.toFixed(2)).join(", ");
const serverCpuOf = (ts: Timing[]) =>
  ts[0]?.serverCpu === undefined ? "—" : median(ts.map((t) => t.serverCpu!)).toFixed(2);
const throughputHeaders = [
  "path",
  "seconds (median)",
  "best",
  "objects/s (log files)",
  "MB/s (log files)",
  "events stored",
  "test S3 server CPU s (median)",
  "runs (s)",
];
const throughputRows = (
  [
    ["npm run ingest (disk)", diskSeconds, disk],
    ["S3 sync (s3rver)", s3Seconds, synced],
    [`S3 sync, with the ${digests.length} digest files too`, digestSeconds, withDigests],
  ] as const
).map(([label, seconds, timings]) => [
  label,
  seconds.toFixed(2),
  best(timings).toFixed(2),
  (logs.length / seconds).toFixed(1),
  (compressedBytes / 1e6 / seconds).toFixed(2),
  formatCount(timings[0]!.stored),
  serverCpuOf(timings),
  runsOf(timings),
]);

const verdict = (label: string, ok: boolean, shown: string) => `- ${label}: ${shown}${ok ? ": met" : ": **missed**"}`;
const digestVerdict = () =>
  verdict(
    "what reading digests adds to the sync",
    digestOverhead < 0.05,
    `${(digestOverhead * 100).toFixed(1)} %, the median of the ${REPEATS} paired runs (${pairedSeconds.toFixed(2)} s; ` +
      `from ${(Math.min(...paired) * 100).toFixed(1)} to ${(Math.max(...paired) * 100).toFixed(1)} %; ` +
      `${(100 * (digestSeconds / s3Seconds - 1)).toFixed(1)} % between the two medians); ${digests.length} digest files ` +
      `listed, read and stored beside ${logs.length} log files; target < 5 %)`,
  );
/**
 * The queue's path: a worker (4 object lanes) reads a "Sync now" of a trail delivered over the last days (a queued
 * sync lists from the source's start date to today, so the corpus of part 1, dated in the past, would mostly time
 * the listing of empty days). Timed from the run's start to its end as the database recorded them (the wait for the
 * sync job's poll is not in it), the two sides alternated as above.
 */
async function queuePath(): Promise<{ rows: string[][]; verdict: string; files: number; digestFiles: number }> {
  const recentDir = path.join(dataDir, "bench", `s3-recent-${values.size}-seed${values.seed}-${dayOf(new Date())}`);
  if (!existsSync(path.join(recentDir, "AWSLogs"))) {
    console.log(`Generating ${values.size} of trail files delivered over the last days…`);
    await generateCorpus({
      outDir: recentDir,
      sizeBytes: parseSize(values.size!),
      elastiCacheShare: 0.05,
      seed: Number(values.seed),
      startTime: new Date(Date.now() - 3 * 86_400_000),
      until: new Date(Date.now() - 3_600_000),
    });
  }
  const files = (await listInputFiles([recentDir])).files;
  const logFiles = files.filter((f) => f.path.includes("/CloudTrail/"));
  const digestFiles = files.filter((f) => f.path.includes("/CloudTrail-Digest/"));
  await putUnder("queue/", logFiles, recentDir);
  await putUnder("queue-digests/", files, recentDir);
  const firstDay = logFiles
    .map((f) => parseTrailKey(path.relative(recentDir, f.path).split(path.sep).join("/"), "")!.day)
    .sort()[0]!;

  const once = async (run: number, digestsToo: boolean): Promise<Timing> => {
    const url = await databases.fresh("bench_s3_queue");
    const prisma = createPrismaClient(url, concurrency + 4);
    const id = await createSource(
      prisma,
      s3.sourceInput({
        name: `bench queue ${run}`,
        prefix: digestsToo ? "queue-digests/" : "queue/",
        startDate: firstDay,
        intervalMinutes: 1440,
      }),
      undefined,
    );
    const worker = await startWorker(prisma, url, {
      concurrency,
      pollSeconds: 0.5,
      s3: {
        leaseSeconds: 60,
        retries: 1,
        retryDelaySeconds: 1,
        secretKey: undefined,
        ingest: {},
        // After its sync a worker asks CloudTrail for the digests' public keys: refused at once here (no AWS).
        cloudTrailEndpoint: "http://127.0.0.1:1",
      },
    });
    const sender = await startSenderBoss(poolOf(prisma));
    await requestSync(sender, id, "manual");
    for (;;) {
      const ran = await prisma.ingestRun.findFirst({ where: { sourceId: id, finishedAt: { not: null } } });
      if (ran) {
        const stored = await prisma.event.count();
        const digestsStored = await prisma.digest.count();
        await sender.stop({ graceful: false, close: false });
        await worker.stop();
        await closePrismaClient(prisma);
        if (ran.status !== "succeeded") throw new Error(`The queued sync ended ${ran.status}`);
        if (digestsStored !== (digestsToo ? digestFiles.length : 0))
          throw new Error(`The queued sync stored ${digestsStored} of ${digestFiles.length} digests`);
        return { seconds: (ran.finishedAt!.getTime() - ran.startedAt.getTime()) / 1000, stored };
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const plain: Timing[] = [];
  const withDigestFiles: Timing[] = [];
  for (let run = 1; run <= REPEATS; run++)
    for (const digestsToo of run % 2 === 1 ? [false, true] : [true, false]) {
      console.log(`Queue, run ${run} of ${REPEATS}${digestsToo ? " with digests" : ""}…`);
      const timing = await once(run, digestsToo);
      console.log(`  ${timing.seconds.toFixed(2)} s`);
      (digestsToo ? withDigestFiles : plain).push(timing);
    }
  const pairs = withDigestFiles.map((t, i) => t.seconds / plain[i]!.seconds - 1);
  const overhead = median(pairs);
  const row = (label: string, ts: Timing[]) => [
    label,
    median(ts.map((t) => t.seconds)).toFixed(2),
    best(ts).toFixed(2),
    formatCount(ts[0]!.stored),
    runsOf(ts),
  ];
  return {
    rows: [
      row(`Sync now through a worker: ${logFiles.length} log files`, plain),
      row(`the same with their ${digestFiles.length} digest files`, withDigestFiles),
    ],
    verdict: verdict(
      "what reading digests adds to a queued sync",
      overhead < 0.05,
      `${(overhead * 100).toFixed(1)} %, the median of the ${REPEATS} paired runs (from ` +
        `${(Math.min(...pairs) * 100).toFixed(1)} to ${(Math.max(...pairs) * 100).toFixed(1)} %); target < 5 %)`,
    ),
    files: logFiles.length,
    digestFiles: digestFiles.length,
  };
}

if (values["throughput-only"]) {
  const queue = values.queue ? await queuePath() : null;
  await s3.stop();
  await databases.close();
  const markdown = `## S3 sync with and without digest files (\`npm run bench:s3 -- --throughput-only\`)

${machineDescription()}. The throughput part of \`npm run bench:s3\` alone: ${formatCount(logs.length)} log files
(${(compressedBytes / 1e6).toFixed(1)} MB compressed, mixed trail, 5 % ElastiCache) synced from a local S3 server
(s3rver) with ${concurrency} objects at a time, from a prefix holding the log files only and from one holding them
beside their ${digests.length} digest files (CloudTrail-Digest/, listed, read and stored for completeness); each the
median of ${REPEATS} runs into a fresh, migrated database, the two S3 sides alternated run by run.

${markdownTable(throughputHeaders, throughputRows)}

${digestVerdict()}
${
  queue
    ? `
Through the job queue (\`-- --queue\`): "Sync now" of a trail delivered over the last three days (${queue.files} log
files, a separate corpus: a queued sync lists from the source's start date to today), read by a worker with
${concurrency} object lanes, timed from the run's start to its end as recorded in the database; ${REPEATS} runs, the two
sides alternated.

${markdownTable(["path", "seconds (median)", "best", "events stored", "runs (s)"], queue.rows)}

${queue.verdict}
`
    : ""
}
\`uptime\` before: ${uptimeBefore}; after: ${uptime()}. On a shared machine the
runs column shows how much one run moves against the next.
`;
  await writeBenchmarkSection("s3-digests", markdown);
  console.log(markdown);
  process.exit(0);
}

// ---- 2. Listing cost: three years of layout, the last 7 days wanted.

const today = dayOf(new Date());
const layoutDays = daysBetween(addDays(today, -3 * 365 + 1), today);
const streams: Stream[] = ["111122223333", "444455556666", "777788889999"].flatMap((account) =>
  ["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2"].map((region) => ({
    orgId: account === "777788889999" ? "o-a1b2c3d4e5" : null,
    account,
    region,
  })),
);
const emptyLog = gzipSync('{"Records":[]}');
const layoutKeys = streams.flatMap((stream) =>
  layoutDays.map(
    (day) =>
      `${dayFolder("layout/", stream, day)}` +
      `${stream.account}_CloudTrail_${stream.region}_${day.replaceAll("-", "")}T1200Z_benchbenchbench0.json.gz`,
  ),
);
console.log(`Uploading ${formatCount(layoutKeys.length)} objects of layout (3 years × ${streams.length} streams)…`);
for (let i = 0; i < layoutKeys.length; i += 32)
  await Promise.all(layoutKeys.slice(i, i + 32).map((key) => s3.put(key, emptyLog)));

const layoutDb = createPrismaClient(await databases.fresh("bench_s3_layout"), 8);
const layoutId = await createSource(
  layoutDb,
  {
    name: "three years",
    bucket: s3.bucket,
    prefix: "layout/",
    region: "us-east-1",
    endpoint: s3.endpoint,
    forcePathStyle: true,
    accounts: [],
    awsRegions: [],
    startDate: addDays(today, -6),
    intervalMinutes: 5,
    paused: true,
    credentials: { mode: "default" },
    roleArn: null,
  },
  undefined,
);

/** One periodic sync's listing (as a worker lists), measured by the SDK's count and the server's log. */
async function measureListing(label: string) {
  const source = await loadSyncSource(layoutDb, layoutId, undefined);
  const reader = new BucketReader(createS3Client(source.connection), source.connection);
  const run = await layoutDb.ingestRun.create({ data: { status: "running", sourceId: layoutId } });
  await layoutDb.s3Source.update({
    where: { sourceId: layoutId },
    data: { currentRunId: run.id, phase: "listing", runner: "bench" },
  });
  await s3.clearLog();
  const listing = await listSync(layoutDb, reader, source, run.id, { recordState: true, onQueued: async () => {} });
  const serverLists = (await s3.lists()).length;
  await layoutDb.s3Object.updateMany({ where: { sourceId: layoutId }, data: { status: "done" } });
  await layoutDb.s3Source.update({
    where: { sourceId: layoutId },
    data: { currentRunId: null, phase: null, runner: null },
  });
  await layoutDb.ingestRun.update({ where: { id: run.id }, data: { status: "succeeded", finishedAt: new Date() } });
  const wanted = listing.days;
  // Each wanted day is listed twice: its log files, then its digest files (CloudTrail-Digest/, lib/completeness).
  const discovery = listing.requests - 2 * wanted;
  return { label, listing, serverLists, wanted, discovery };
}
const first = await measureListing("first sync (7 days wanted)");
const next = await measureListing("next sync (incremental)");
await closePrismaClient(layoutDb);
/** AWSLogs/, the organization's folder, and each account's CloudTrail/ folder. */
const discoveryRequests = 1 + 1 + 3;
const listingTarget = 2 * first.wanted + discoveryRequests;
const listingHeaders = [
  "sync",
  "objects in bucket",
  "day folders listed",
  "objects listed",
  "requests (SDK)",
  "requests (server log)",
];
const listingRows = [first, next].map((m) => [
  m.label,
  formatCount(layoutKeys.length),
  formatCount(m.listing.days),
  formatCount(m.listing.objectsListed),
  formatCount(m.listing.requests),
  formatCount(m.serverLists),
]);

await s3.stop();
await databases.close();

// ---- Report.

const markdown = `## S3 sync (\`npm run bench:s3\`)

${machineDescription()}. A local S3 server (s3rver on loopback, its own process) and the embedded
PostgreSQL on the same two cores; ${concurrency} objects at a time on both sides; each side the median of
${REPEATS} runs into a fresh, migrated database.

### Throughput: ${formatCount(logs.length)} log files (${(compressedBytes / 1e6).toFixed(1)} MB compressed, mixed trail, 5 % ElastiCache)

${markdownTable(throughputHeaders, throughputRows)}

${verdict("S3 sync vs local disk", ratio >= 0.7, `${ratio.toFixed(2)}× (target ≥ 0.7×)`)}
${digestVerdict()}

\`uptime\` before: ${uptimeBefore}; after: ${uptime()}. On a shared machine the
runs column shows how much one run moves against the next.

### Listing: 3 years × ${streams.length} streams (${formatCount(layoutKeys.length)} objects), the last 7 days wanted

${markdownTable(listingHeaders, listingRows)}

Discovery is ${first.discovery} requests (AWSLogs/, the organization's folder, each account's
CloudTrail/ folder); the rest is two listings per wanted day: its log files, and its digest files
(CloudTrail-Digest/, for completeness).

${verdict(
  "requests for the first sync",
  first.listing.requests <= listingTarget,
  `${first.listing.requests} (target ≤ 2 × ${first.wanted} day folders + ${discoveryRequests} discovery = ${listingTarget})`,
)}
`;
await writeBenchmarkSection("s3", markdown);
console.log(markdown);
