// npm run bench:ingest:stages [-- --corpus DIR --rounds 2 --json]
// Where the engine's CPU goes, stage by stage, on one corpus (default: the 200MB mixed corpus of
// bench:ingest). Each stage runs the pipeline up to that point over every file, in this process,
// and is measured as process CPU (user + system, all threads: zlib inflates on the libuv pool);
// a stage's own cost is the difference to the one before. Parsing is also measured alone, over the
// candidate records' bytes kept from a scan, so finding the records and parsing them are told apart.
// The last rows are the full engine (ingestPaths into a fresh, migrated database), with batches
// shared by the run's files and with a batch per file, each with the CPU of the PostgreSQL server.
// Prints a table; with --json, only the engine with shared batches, and the figures as JSON
// (StageCpu) for bench:ingest, which shows them under each corpus.
import { createReadStream } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { createGunzip } from "node:zlib";
import { normaliseRecord } from "@/lib/cloudtrail/normalise";
import type { NormalisedEvent } from "@/lib/cloudtrail/types";
import { createPrismaClient } from "@/lib/db/create-client";
import { dataDir } from "@/lib/env";
import { ingestPaths, listInputFiles } from "@/lib/ingest/ingest-paths";
import { toPostgresJson } from "@/lib/ingest/postgres-text";
import { readCloudTrail } from "@/lib/ingest/read/read-cloudtrail";
import { parseRecordBytes } from "@/lib/ingest/read/parse-record";
import { eventPayload, refPayload } from "@/lib/ingest/store";
import { formatTable } from "@/scripts/cli/format-table";
import { benchDatabases } from "./bench-databases";

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
  engine: { wall: number; cpu: number; postgres: number; stored: number };
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

/** The reader, then optionally normalise and the COPY encoding, in batches of 1,000 as the engine does. */
async function pipelineUpTo(
  stage: "scan" | "normalise" | "encode",
  prefilter: boolean,
  candidates?: Buffer[],
): Promise<number> {
  let kept = 0;
  for (const file of paths) {
    let batch: NormalisedEvent[] = [];
    const encode = () => {
      if (stage === "encode" && batch.length) {
        eventPayload(batch, { runId: 1n, fileId: 1n });
        refPayload(batch);
      }
      batch = [];
    };
    for await (const item of readCloudTrail(createReadStream(file, { highWaterMark: 256 * 1024 }), { prefilter })) {
      if (item.type !== "record") continue;
      kept++;
      if (item.raw) candidates?.push(item.raw);
      if (stage === "scan") continue;
      const result = normaliseRecord(item.record, item.raw);
      if (!result.ok) continue;
      const event = result.event;
      batch.push(event.recordJson ? event : { ...event, recordJson: Buffer.from(toPostgresJson(event.record)) });
      if (batch.length >= 1000) encode();
    }
    encode();
  }
  return kept;
}

const rows: string[][] = [];
let previous = 0;
async function measure(label: string, work: () => Promise<unknown>): Promise<number> {
  const cpu0 = cpuSeconds();
  const wall0 = performance.now();
  await work();
  const cpu = cpuSeconds() - cpu0;
  rows.push([
    label,
    ((performance.now() - wall0) / 1000).toFixed(2),
    cpu.toFixed(2),
    previous ? `+${(cpu - previous).toFixed(2)}` : "",
  ]);
  console.log(rows.at(-1)!.join("  "));
  return cpu;
}

// A first pass warms the file cache and the JIT, and keeps the candidate records' bytes.
const candidates: Buffer[] = [];
await pipelineUpTo("scan", true, candidates);
const gunzip = await measure("gunzip (256 KiB chunks)", gunzipOnly);
previous = gunzip;
await measure("+ scan every byte (no prefilter) + parse candidates", () => pipelineUpTo("scan", false));
const found = await measure("+ prefilter + scan the rest + parse candidates", () => pipelineUpTo("scan", true));
previous = 0;
const parse = await measure("  of which parsing the candidates (JSON.parse of their bytes, alone)", async () => {
  for (const raw of candidates) parseRecordBytes(raw, 0, 1);
});
previous = found;
const normalised = await measure("+ normalise", () => pipelineUpTo("normalise", true));
previous = normalised;
const encoded = await measure("+ COPY encode", () => pipelineUpTo("encode", true));

const databases = await benchDatabases();
// The engine twice, in rounds (a slow moment of the shared machine falls on both): batches shared
// by the run's files (today), and a batch per file (before session 16); the best of the rounds.
const engines = [
  { label: "engine end to end (ingestPaths, this process)", batchPerFile: false },
  ...(values.json ? [] : [{ label: "engine, a batch per file (before session 16)", batchPerFile: true }]),
];
const best = new Map<string, { cpu: number; pg: number; wall: number; stored: number }>();
for (let round = 1; round <= Number(values.rounds); round++) {
  for (const engine of engines) {
    const url = await databases.fresh("bench_ingest_stages");
    const postgres = await databases.postgresCpu();
    if (!postgres) throw new Error("bench:ingest:stages reads the embedded server's CPU: run it without DATABASE_URL");
    const cpu0 = cpuSeconds();
    const wall0 = performance.now();
    const prisma = createPrismaClient(url, 4);
    const result = await ingestPaths(prisma, files, {
      source: { kind: "cli", name: "stages" },
      batchPerFile: engine.batchPerFile,
    });
    const stored = result.files.reduce((n, f) => n + f.stored, 0);
    await prisma.$disconnect();
    const wall = (performance.now() - wall0) / 1000;
    const cpu = cpuSeconds() - cpu0;
    const pg = await postgres.stop("bench_ingest_stages");
    console.log(
      `${engine.label} (round ${round}): ${wall.toFixed(2)} s, ${cpu.toFixed(2)} s CPU, PostgreSQL ${pg.toFixed(2)} s`,
    );
    const kept = best.get(engine.label);
    if (!kept || wall < kept.wall) best.set(engine.label, { cpu, pg, wall, stored });
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
    normalise: normalised - found,
    encode: encoded - normalised,
    engine: { wall: engine.wall, cpu: engine.cpu, postgres: engine.pg, stored: engine.stored },
  };
  console.log(JSON.stringify(stages));
  process.exit(0);
}
console.log(
  `\n${files.length} files, ${values.corpus}; load average ${os.loadavg()[0]!.toFixed(1)}\n` +
    formatTable(["stage", "wall s", "CPU s", "stage's own CPU s"], rows),
);
