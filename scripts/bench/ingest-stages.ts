// npm run bench:ingest:stages [-- --corpus DIR --rounds 2 --json]
// Where the engine's CPU goes, stage by stage, on one corpus (default: the 200MB mixed corpus of
// bench:ingest), in this process, as process CPU (user + system, all threads: zlib inflates on the
// libuv pool), the least of five passes. Bare gunzip and the reader are passes over every file;
// finding the records is the reader's pass less gunzip and less parsing them. Parsing, normalising
// and COPY encoding are measured alone, over the records the reader kept.
// The last rows are the full engine (ingestPaths into a fresh, migrated database), with batches
// shared by the run's files and with a batch per file, each with the CPU of the PostgreSQL server.
// Prints a table; with --json, only the engine with shared batches, and the figures as JSON
// (StageCpu) for bench:ingest, which shows them under each corpus.
import { createReadStream } from "node:fs";
import { PerformanceObserver } from "node:perf_hooks";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { createGunzip } from "node:zlib";
import { normaliseRecord } from "@/lib/cloudtrail/normalise";
import type { NormalisedEvent } from "@/lib/cloudtrail/types";
import { closePrismaClient, createPrismaClient } from "@/lib/db/create-client";
import { dataDir } from "@/lib/env";
import { ingestPaths, listInputFiles } from "@/lib/ingest/ingest-paths";
import { toPostgresJson } from "@/lib/ingest/postgres-text";
import { readCloudTrail } from "@/lib/ingest/read/read-cloudtrail";
import { parseRecordBytes } from "@/lib/ingest/read/parse-record";
import { eventPayload, refPayload } from "@/lib/ingest/store";
import { formatTable } from "@/scripts/cli/format-table";
import { benchDatabases } from "./bench-databases";
import { groupThreads, ownThreadsCpu, threadCpuSince, type ThreadGroups } from "./thread-groups";

const { values } = parseArgs({
  options: {
    corpus: { type: "string", default: path.join(dataDir, "bench", "mixed-200MB-seed1") },
    /** Rounds of the two engine runs; the best wall time of each is reported. */
    rounds: { type: "string", default: "2" },
    json: { type: "boolean", default: false },
  },
});

/** CPU seconds of each stage's own work, and the engine's run (what --json prints). */
export interface StageCpu {
  gunzip: number;
  find: number;
  parse: number;
  normalise: number;
  encode: number;
  /** The full engine run; `threads`: its CPU by thread (the command line's is compared with it). */
  engine: { wall: number; cpu: number; postgres: number; stored: number; threads: ThreadGroups };
}

const { files } = await listInputFiles([values.corpus!]);
const paths = files.map((f) => f.path);

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function gunzipOnly(): Promise<void> {
  for (const file of paths) {
    await pipeline(
      createReadStream(file, { highWaterMark: 256 * 1024 }),
      createGunzip({ chunkSize: 256 * 1024 }),
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) void chunk;
      },
    );
  }
}

interface Candidate {
  record: Record<string, unknown>;
  raw?: Buffer;
}

/** The reader over every file: the ElastiCache records found and parsed (kept in `candidates` when given). */
async function scanAll(prefilter: boolean, candidates?: Candidate[]): Promise<number> {
  let kept = 0;
  for (const file of paths) {
    for await (const item of readCloudTrail(createReadStream(file, { highWaterMark: 256 * 1024 }), { prefilter })) {
      if (item.type !== "record") continue;
      kept++;
      candidates?.push({ record: item.record, raw: item.raw });
    }
  }
  return kept;
}

/** Fresh copies of the candidates' records: normalising may rewrite a record (masked secrets). */
function freshRecords(): Candidate[] {
  return candidates.map((c) => ({
    raw: c.raw,
    record: (c.raw ? JSON.parse(c.raw.toString("utf8")) : structuredClone(c.record)) as Record<string, unknown>,
  }));
}

function normaliseAll(input: Candidate[]): NormalisedEvent[] {
  const events: NormalisedEvent[] = [];
  for (const c of input) {
    const result = normaliseRecord(c.record, c.raw);
    if (!result.ok) continue;
    const event = result.event;
    events.push(event.recordJson ? event : { ...event, recordJson: Buffer.from(toPostgresJson(event.record)) });
  }
  return events;
}

/** The COPY rows of the events, in batches of 1,000. */
function encodeAll(events: NormalisedEvent[]): void {
  for (let i = 0; i < events.length; i += 1000) {
    const batch = events.slice(i, i + 1000);
    eventPayload(batch, { runId: 1n, fileId: 1n });
    refPayload(batch);
  }
}

const rows: string[][] = [];
let previous = 0;
/**
 * Each pass runs PASSES times and keeps its least CPU (and wall) time: the machine's noise only ever adds,
 * and a stage's own cost is a difference of two passes, which one slow moment could otherwise turn negative.
 */
const PASSES = 5;
async function measure<T>(
  label: string,
  work: (input: T) => unknown,
  prepare: () => T = () => undefined as T,
): Promise<number> {
  let cpu = Infinity;
  let wall = Infinity;
  for (let pass = 0; pass < PASSES; pass++) {
    const input = prepare();
    const cpu0 = cpuSeconds();
    const wall0 = performance.now();
    await work(input);
    cpu = Math.min(cpu, cpuSeconds() - cpu0);
    wall = Math.min(wall, (performance.now() - wall0) / 1000);
  }
  rows.push([label, wall.toFixed(2), cpu.toFixed(2), previous ? `+${(cpu - previous).toFixed(2)}` : ""]);
  console.log(rows.at(-1)!.join("  "));
  return cpu;
}

// A first pass warms the file cache and the JIT, and keeps the candidate records.
const candidates: Candidate[] = [];
await scanAll(true, candidates);
const gunzip = await measure("gunzip (256 KiB chunks)", gunzipOnly);
previous = gunzip;
await measure("+ scan every byte (no prefilter) + parse candidates", () => scanAll(false));
const found = await measure("+ prefilter + scan the rest + parse candidates", () => scanAll(true));
// The later stages alone, over the records kept: a few hundred records' work is below the noise of a
// pass over every file, so it is not measured as the difference of two such passes.
previous = 0;
const parse = await measure("parse the candidates alone (their bytes)", () => {
  for (const c of candidates) if (c.raw) parseRecordBytes(c.raw, 0, 1);
});
const normalise = await measure("normalise them alone", normaliseAll, freshRecords);
const encode = await measure("COPY encode them alone", encodeAll, () => normaliseAll(freshRecords()));

const databases = await benchDatabases();
// The engine twice, in rounds (a slow moment of the shared machine falls on both): batches shared
// by the run's files (today), and a batch per file (before session 16); the best of the rounds.
const engines = [
  { label: "engine end to end (ingestPaths, this process)", batchPerFile: false },
  ...(values.json ? [] : [{ label: "engine, a batch per file (before session 16)", batchPerFile: true }]),
];
const best = new Map<string, { cpu: number; pg: number; wall: number; stored: number; threads: ThreadGroups }>();
let gcSeconds = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcSeconds += entry.duration / 1000;
}).observe({ entryTypes: ["gc"] });
for (let round = 1; round <= Number(values.rounds); round++) {
  for (const engine of engines) {
    const url = await databases.fresh("bench_ingest_stages");
    const postgres = await databases.postgresCpu();
    if (!postgres) throw new Error("bench:ingest:stages reads the embedded server's CPU: run it without DATABASE_URL");
    const threads0 = ownThreadsCpu();
    const gc0 = gcSeconds;
    const cpu0 = cpuSeconds();
    const wall0 = performance.now();
    const prisma = createPrismaClient(url, 4);
    const result = await ingestPaths(prisma, files, {
      source: { kind: "cli", name: "stages" },
      batchPerFile: engine.batchPerFile,
    });
    const stored = result.files.reduce((n, f) => n + f.stored, 0);
    await closePrismaClient(prisma);
    const wall = (performance.now() - wall0) / 1000;
    const cpu = cpuSeconds() - cpu0;
    const threads = groupThreads(threadCpuSince(threads0), gcSeconds - gc0);
    const pg = await postgres.stop("bench_ingest_stages");
    console.log(
      `${engine.label} (round ${round}): ${wall.toFixed(2)} s, ${cpu.toFixed(2)} s CPU, PostgreSQL ${pg.toFixed(2)} s`,
    );
    const kept = best.get(engine.label);
    if (!kept || wall < kept.wall) best.set(engine.label, { cpu, pg, wall, stored, threads });
  }
}
for (const engine of engines) {
  const { wall, cpu, pg } = best.get(engine.label)!;
  rows.push([engine.label, wall.toFixed(2), cpu.toFixed(2), ""]);
  rows.push(["  PostgreSQL server during that run", "", pg.toFixed(2), ""]);
  rows.push(["  engine + PostgreSQL ÷ 2 cores", "", ((cpu + pg) / 2).toFixed(2), ""]);
}
await databases.close();

if (values.json) {
  const engine = best.get(engines[0]!.label)!;
  const stages: StageCpu = {
    gunzip,
    find: found - gunzip - parse,
    parse,
    normalise,
    encode,
    engine: { wall: engine.wall, cpu: engine.cpu, postgres: engine.pg, stored: engine.stored, threads: engine.threads },
  };
  console.log(JSON.stringify(stages));
  process.exit(0);
}
console.log(
  `\n${files.length} files, ${values.corpus}; load average ${os.loadavg()[0]!.toFixed(1)}\n` +
    formatTable(["stage", "wall s", "CPU s", "stage's own CPU s"], rows),
);
