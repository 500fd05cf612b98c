// The bench:ingest methods that run in a process of their own through scripts/launch.mjs, bundled as
// `npm run ingest` is (their start-up is part of their time): DuckDB, the naive baseline, jq, and the
// engine without the command line ("engine-per-file"; bench:ingest:profile's and pg-profile's engine).
// Prints its Measurement as JSON.
//   node scripts/launch.mjs scripts/bench/ingest-child.ts --mode duckdb --corpus DIR --db URL [--batch-size N --batch-bytes B]
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { createGunzip } from "node:zlib";
import { isElastiCacheRecord, normaliseRecord } from "@/lib/cloudtrail/normalise";
import { closePrismaClient, createPrismaClient } from "@/lib/db/create-client";
import { ingestPaths, listInputFiles } from "@/lib/ingest/ingest-paths";
import { requestKey } from "@/lib/events/request-id";
import { UUID_TEXT } from "@/lib/events/uuid-text";
import type { ThreadGroups } from "./thread-groups";

/** "engine-per-file": the engine with a batch per file, as before a run's files shared their batches. */
export type Mode = "engine" | "engine-per-file" | "gunzip" | "gzip" | "duckdb" | "naive" | "jq";

export interface Measurement {
  /** Wall time from spawn to exit, measured by the parent. */
  seconds: number;
  /** The child's own measure, after its modules loaded (and its database connection, for the engine). */
  innerSeconds: number | null;
  cpuSeconds: number | null;
  /** The PostgreSQL server's CPU while the child ran (engine modes on the embedded server only). */
  postgresCpuSeconds: number | null;
  compressedBytes: number;
  decompressedBytes: number;
  records: number;
  elastiCache: number;
  stored: number;
  peakRssBytes: number | null;
  /** The engine's CPU before its run started (the command line: Node, the bundle, the database check). */
  startCpuSeconds?: number;
  /** Its CPU by thread (bench:ingest's engine runs: scripts/bench/thread-cpu.mjs). */
  threads?: ThreadGroups;
}

const { values } = parseArgs({
  options: {
    mode: { type: "string" },
    corpus: { type: "string" },
    db: { type: "string" },
    /** The engine's events per batch (RunWriter's batchSize; its default when not given). */
    "batch-size": { type: "string" },
    /** The engine's record bytes per batch (RunWriter's batchBytes; its default when not given). */
    "batch-bytes": { type: "string" },
  },
});

// No top-level await: scripts/launch.mjs runs entries as CommonJS (why, in launch.mjs).
void runChild(values.mode as Mode, values.corpus!, values.db!).then((result) => {
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
});

async function gunzipFiles(files: string[], onChunk: (chunk: Buffer) => void = () => {}): Promise<number> {
  let bytes = 0;
  for (const file of files) {
    await pipeline(createReadStream(file), createGunzip(), async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        bytes += chunk.length;
        onChunk(chunk);
      }
    });
  }
  return bytes;
}

async function runChild(mode: Mode, corpus: string, databaseUrl: string): Promise<Measurement> {
  const { files } = await listInputFiles([corpus]);
  const paths = files.map((f) => f.path);
  const compressedBytes = files.reduce((n, f) => n + f.size, 0);
  const started = performance.now();
  let m: Omit<
    Measurement,
    "seconds" | "innerSeconds" | "cpuSeconds" | "compressedBytes" | "peakRssBytes" | "postgresCpuSeconds"
  >;
  if (mode === "duckdb") {
    m = { decompressedBytes: 0, records: 0, elastiCache: await duckDb(paths), stored: 0 };
  } else if (mode === "engine" || mode === "engine-per-file") {
    // bench:ingest's own "engine" is the CLI (child() below); this one is bench:ingest:profile's.
    const prisma = createPrismaClient(databaseUrl, 4);
    const result = await ingestPaths(prisma, files, {
      source: { kind: "cli", name: "benchmark" },
      batchPerFile: mode === "engine-per-file",
      ...(values["batch-size"] ? { batchSize: Number(values["batch-size"]) } : {}),
      ...(values["batch-bytes"] ? { batchBytes: Number(values["batch-bytes"]) } : {}),
    });
    await closePrismaClient(prisma);
    const sum = (k: "recordsRead" | "stored" | "skipped" | "duplicates") => result.files.reduce((n, f) => n + f[k], 0);
    m = {
      decompressedBytes: 0,
      records: sum("recordsRead"),
      elastiCache: sum("recordsRead") - sum("skipped"),
      stored: sum("stored"),
    };
  } else if (mode === "naive") {
    m = await naiveBaseline(paths, databaseUrl);
  } else {
    let elastiCache = 0;
    for (const file of paths) {
      const out = execFileSync(
        "sh",
        ["-c", `gzip -dc "$1" | jq -c '.Records[]? | select(.eventSource == "elasticache.amazonaws.com")'`, "sh", file],
        { maxBuffer: 1 << 30 },
      );
      elastiCache += out.toString().split("\n").filter(Boolean).length;
    }
    m = { decompressedBytes: 0, records: 0, elastiCache, stored: 0 };
  }
  const innerSeconds = (performance.now() - started) / 1000;
  const usage = process.resourceUsage();
  return {
    ...m,
    seconds: innerSeconds,
    innerSeconds,
    cpuSeconds: mode === "jq" ? null : (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    compressedBytes,
    peakRssBytes: mode === "jq" ? null : usage.maxRSS * 1024,
    postgresCpuSeconds: null,
  };
}

/**
 * What a DuckDB user runs (Tailpipe-style): read_json over the gzipped files, unnest Records,
 * keep the ElastiCache records (as JSON) in a table. Two threads, the machine's cores.
 */
async function duckDb(paths: string[]): Promise<number> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
  const connection = await instance.connect();
  const list = paths.map((p) => `'${p.replaceAll("'", "''")}'`).join(", ");
  await connection.run(
    `CREATE TABLE elasticache AS SELECT r AS record FROM (
       SELECT unnest(Records) AS r FROM read_json([${list}], format = 'auto', compression = 'gzip',
         columns = {Records: 'JSON[]'}, maximum_object_size = 536870912))
     WHERE r->>'eventSource' = 'elasticache.amazonaws.com'`,
  );
  const reader = await connection.runAndReadAll("SELECT count(*)::INTEGER FROM elasticache");
  const count = Number(reader.getRows()[0]![0]);
  connection.closeSync();
  instance.closeSync();
  return count;
}

/** What a first version would do: whole files in memory, every record parsed, Prisma createMany. */
async function naiveBaseline(paths: string[], databaseUrl: string) {
  const prisma = createPrismaClient(databaseUrl, 4);
  let decompressedBytes = 0;
  let records = 0;
  let elastiCache = 0;
  let stored = 0;
  for (const file of paths) {
    const chunks: Buffer[] = [];
    decompressedBytes += await gunzipFiles([file], (c) => chunks.push(c));
    const parsed = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { Records?: unknown[] };
    const all = parsed.Records ?? [];
    records += all.length;
    const events = all
      .filter((r) => isElastiCacheRecord(r as object))
      .map((r) => normaliseRecord(r))
      .flatMap((r) => (r.ok ? [r.event] : []));
    elastiCache += events.length;
    const actorIds = new Map<string, bigint>();
    for (const e of events) {
      if (actorIds.has(e.actor.key)) continue;
      const { key, type, name, arn } = e.actor;
      const row = await prisma.actor.upsert({
        where: { key },
        create: { key, type, name, arn, firstSeen: e.eventTime, lastSeen: e.eventTime },
        update: {},
        select: { id: true },
      });
      actorIds.set(key, row.id);
    }
    const agentIds = new Map<string, number>();
    for (const e of events) {
      if (e.userAgent === null || agentIds.has(e.userAgent)) continue;
      const digest = createHash("sha256").update(e.userAgent).digest();
      const row = await prisma.userAgent.upsert({
        where: { digest },
        create: { digest, text: e.userAgent },
        update: {},
        select: { id: true },
      });
      agentIds.set(e.userAgent, row.id);
    }
    const result = await prisma.event.createMany({
      skipDuplicates: true,
      data: events.map((e) => ({
        eventId: UUID_TEXT.test(e.eventId) ? null : e.eventId,
        eventKey: UUID_TEXT.test(e.eventId) ? e.eventId : null,
        eventTime: e.eventTime,
        eventName: e.eventName,
        awsRegion: e.awsRegion,
        accountId: e.accountId,
        readOnly: e.readOnly,
        errorCode: e.errorCode,
        errorMessage: e.errorMessage,
        requestId: e.requestId === null || UUID_TEXT.test(e.requestId) ? null : e.requestId,
        requestKey: e.requestId === null ? null : requestKey(e.requestId),
        sourceIp: e.sourceIp,
        userAgentId: e.userAgent === null ? null : agentIds.get(e.userAgent)!,
        userAgentFamily: e.userAgentFamily,
        actorId: actorIds.get(e.actor.key)!,
        record: e.record as object,
        searchText: e.eventName.toLowerCase(),
      })),
    });
    stored += result.count;
  }
  await closePrismaClient(prisma);
  return { decompressedBytes, records, elastiCache, stored };
}
