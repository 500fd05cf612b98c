// npm run bench:ingest [-- --size 200MB --all-size 50MB --seed 1]
// Side by side, on the same generated corpora, in one run, each in its own process (for its
// peak RSS): the engine end to end into PostgreSQL; bare decompression (the floor); a
// naive baseline (gunzip + JSON.parse whole files + filter + Prisma createMany); jq.
import { execFileSync, spawn } from "node:child_process";
import { createReadStream, existsSync } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { createGunzip } from "node:zlib";
import { isElastiCacheRecord, normaliseRecord } from "@/lib/cloudtrail/normalise";
import { createPrismaClient } from "@/lib/db/create-client";
import { dataDir } from "@/lib/env";
import { ingestPaths, listInputFiles } from "@/lib/ingest/ingest-paths";
import { formatTable } from "@/scripts/cli/format-table";
import { generateCorpus, parseSize } from "@/tools/corpus";
import { machineDescription, markdownTable, writeBenchmarkSection } from "./report";
import { benchDatabases } from "./bench-databases";

type Mode = "engine" | "gunzip" | "naive" | "jq";

interface Measurement {
  seconds: number;
  compressedBytes: number;
  decompressedBytes: number;
  records: number;
  elastiCache: number;
  stored: number;
  peakRssBytes: number | null;
}

const { values } = parseArgs({
  options: {
    child: { type: "string" },
    corpus: { type: "string" },
    db: { type: "string" },
    size: { type: "string", default: "200MB" },
    "all-size": { type: "string", default: "50MB" },
    seed: { type: "string", default: "1" },
  },
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
  let m: Omit<Measurement, "seconds" | "compressedBytes" | "peakRssBytes">;
  if (mode === "gunzip") {
    m = { decompressedBytes: await gunzipFiles(paths), records: 0, elastiCache: 0, stored: 0 };
  } else if (mode === "engine") {
    const prisma = createPrismaClient(databaseUrl, 4);
    const result = await ingestPaths(prisma, files, { source: { kind: "cli", name: "benchmark" } });
    await prisma.$disconnect();
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
  const seconds = (performance.now() - started) / 1000;
  return { ...m, seconds, compressedBytes, peakRssBytes: mode === "jq" ? null : process.resourceUsage().maxRSS * 1024 };
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
    const result = await prisma.event.createMany({
      skipDuplicates: true,
      data: events.map((e) => ({
        eventId: e.eventId,
        eventTime: e.eventTime,
        eventName: e.eventName,
        eventSource: e.eventSource,
        awsRegion: e.awsRegion,
        accountId: e.accountId,
        readOnly: e.readOnly,
        errorCode: e.errorCode,
        errorMessage: e.errorMessage,
        requestId: e.requestId,
        sourceIp: e.sourceIp,
        userAgent: e.userAgent,
        userAgentFamily: e.userAgentFamily,
        actorId: actorIds.get(e.actor.key)!,
        record: e.record as object,
        searchText: e.eventName.toLowerCase(),
      })),
    });
    stored += result.count;
  }
  await prisma.$disconnect();
  return { decompressedBytes, records, elastiCache, stored };
}

if (values.child) {
  const result = await runChild(values.child as Mode, values.corpus!, values.db!);
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}

// ---- Parent: prepare corpora and databases, run each mode in a fresh process, report.

async function ensureCorpus(name: string, sizeBytes: number, share: number, seed: number): Promise<string> {
  const dir = path.join(dataDir, "bench", name);
  if (!existsSync(path.join(dir, ".complete"))) {
    console.log(`Generating ${name}…`);
    await generateCorpus({ outDir: dir, sizeBytes, elastiCacheShare: share, seed });
    execFileSync("touch", [path.join(dir, ".complete")]);
  }
  return dir;
}

function child(mode: Mode, corpus: string, db: string): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const proc = spawn("npx", ["tsx", "scripts/bench/ingest.ts", "--child", mode, "--corpus", corpus, "--db", db], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    proc.stdout.on("data", (d: Buffer) => (out += d));
    proc.on("exit", (code) =>
      code === 0 ? resolve(JSON.parse(out) as Measurement) : reject(new Error(`${mode} exited with ${code}`)),
    );
  });
}

const seed = Number(values.seed);
const sizes = { mixed: parseSize(values.size!), all: parseSize(values["all-size"]!) };
/** "target: met" or "target: missed by N %", for the issue's targets. */
function verdict(label: string, value: number, target: number, unit: string): string {
  const measured = `${value.toLocaleString("en-US", { maximumFractionDigits: 2 })}${unit}`;
  const shown = `${label}: ${measured} (target ≥ ${target.toLocaleString("en-US")}${unit})`;
  return value >= target ? `${shown}: met` : `${shown}: **missed by ${Math.round((1 - value / target) * 100)} %**`;
}

type Targets = (floor: Measurement, engine: Measurement, naive: Measurement | undefined) => string[];
const mixedTargets: Targets = (floor, engine, naive) => [
  verdict("throughput vs bare decompression", floor.seconds / engine.seconds, 0.6, "×"),
  ...(naive ? [verdict("speed vs the naive baseline", naive.seconds / engine.seconds, 2, "×")] : []),
];
const allTargets: Targets = (_floor, engine) => [
  verdict("events stored per second", Math.round(engine.stored / engine.seconds), 5000, ""),
];

const corpora = [
  {
    label: `mixed, 5 % ElastiCache (${values.size})`,
    dir: await ensureCorpus(`mixed-${values.size}-seed${seed}`, sizes.mixed, 0.05, seed),
    modes: ["gunzip", "engine", "naive", "jq"] as Mode[],
    targets: mixedTargets,
  },
  {
    label: `all ElastiCache (${values["all-size"]})`,
    dir: await ensureCorpus(`all-${values["all-size"]}-seed${seed}`, sizes.all, 1, seed),
    modes: ["gunzip", "engine", "naive"] as Mode[],
    targets: allTargets,
  },
];

const databases = await benchDatabases();

const hasJq = (() => {
  try {
    execFileSync("jq", ["--version"]);
    return true;
  } catch {
    return false;
  }
})();

const REPEATS = 3;
const sections: string[] = [];
for (const corpus of corpora) {
  const results = new Map<Mode, Measurement>();
  for (const mode of corpus.modes) {
    if (mode === "jq" && !hasJq) continue;
    // The floor and the engine are the ratio's two sides: each is the median of a few runs, so
    // one slow moment of a shared machine does not decide it.
    const runs: Measurement[] = [];
    for (let run = 1; run <= (mode === "gunzip" || mode === "engine" ? REPEATS : 1); run++) {
      const db = mode === "engine" || mode === "naive" ? await databases.fresh(`bench_ingest_${mode}`) : "";
      console.log(`${corpus.label}: ${mode}${run > 1 ? ` (run ${run})` : ""}…`);
      runs.push(await child(mode, corpus.dir, db));
    }
    results.set(mode, runs.sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)]!);
  }
  const floor = results.get("gunzip")!;
  const mb = floor.decompressedBytes / 1e6;
  const rows = [...results.entries()].map(([mode, r]) => [
    mode,
    r.seconds.toFixed(2),
    (mb / r.seconds).toFixed(1),
    mode === "gunzip" ? "1.00" : (floor.seconds / r.seconds).toFixed(2),
    r.records ? Math.round(r.records / r.seconds).toLocaleString("en-US") : "—",
    r.stored ? Math.round(r.stored / r.seconds).toLocaleString("en-US") : "—",
    r.stored
      ? r.stored.toLocaleString("en-US")
      : r.elastiCache
        ? `${r.elastiCache.toLocaleString("en-US")} found`
        : "—",
    r.peakRssBytes ? `${Math.round(r.peakRssBytes / 1024 ** 2)} MiB` : "—",
  ]);
  const engine = results.get("engine")!;
  const naive = results.get("naive");
  const headers = [
    "method",
    "seconds",
    "MB/s (decompressed)",
    "× bare gunzip",
    "records/s",
    "events stored/s",
    "events",
    "peak RSS",
  ];
  console.log(`\n${corpus.label}\n${formatTable(headers, rows)}`);
  sections.push(
    `### ${corpus.label}\n\n${floor.compressedBytes.toLocaleString("en-US")} bytes compressed, ` +
      `${floor.decompressedBytes.toLocaleString("en-US")} decompressed.\n\n` +
      `${markdownTable(headers, rows)}\n\n` +
      `Engine vs bare gunzip: **${(floor.seconds / engine.seconds).toFixed(2)}×**` +
      (naive ? `; engine vs naive baseline: **${(naive.seconds / engine.seconds).toFixed(2)}×** faster.` : ".") +
      `\n\n${corpus
        .targets(floor, engine, naive)
        .map((t) => `- ${t}`)
        .join("\n")}`,
  );
}
await databases.close();

await writeBenchmarkSection(
  "ingest",
  `## Ingest (\`npm run bench:ingest\`)\n\n${machineDescription()}. Each method runs in its own process on the same files ` +
    `(gunzip and engine: the median of ${REPEATS} runs); "engine" and "naive" write into a fresh, migrated database ` +
    `with every index in place. Corpora from \`npm run corpus\` (seed ${seed}).\n\n` +
    sections.join("\n\n"),
);
console.log("\nWritten to docs/benchmarks.md");
