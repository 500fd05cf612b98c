// npm run bench:ingest [-- --size 200MB --all-size 50MB --small-size 10MB --seed 1 --modes gunzip,engine --corpora mixed,all --rounds 3]
// Side by side, on the same generated corpora, in one run, each in its own process (for its
// peak RSS), timed by this parent from spawn to exit (process start included): the engine end
// to end into PostgreSQL (`npm run ingest`'s own command line: its start as users get it);
// bare decompression (the floor: plain Node, gunzip-floor.mjs; and gzip -dc); DuckDB (read_json
// over the same gzipped files, 2 threads); a naive baseline (gunzip + JSON.parse whole files +
// filter + Prisma createMany); jq.
import { execFileSync, spawn } from "node:child_process";
import os from "node:os";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { dataDir } from "@/lib/env";
import { listInputFiles } from "@/lib/ingest/ingest-paths";
import { formatTable } from "@/scripts/cli/format-table";
import { machineDescription, markdownTable, writeBenchmarkSection } from "./report";
import { benchDatabases } from "./bench-databases";
import { ingestCommand } from "./ingest-command";
import { groupThreads } from "./thread-groups";
import type { StageCpu } from "./ingest-stages";
import type { Measurement, Mode } from "./ingest-child";

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "200MB" },
    "all-size": { type: "string", default: "50MB" },
    "small-size": { type: "string", default: "10MB" },
    seed: { type: "string", default: "1" },
    /** Only these methods (comma-separated), e.g. `--modes gunzip,engine,engine-per-file`. */
    modes: { type: "string" },
    /** Only these corpora (comma-separated: mixed, large, all, small), e.g. for a quick before/after. */
    corpora: { type: "string" },
    /** Runs of the repeated methods, taken in rounds (the median is reported). */
    rounds: { type: "string", default: "3" },
    /** Where the CPU goes, stage by stage, under each corpus (bench:ingest:stages): on by default, except in partial runs. */
    stages: { type: "boolean" },
  },
});

const emptyMeasurement = {
  innerSeconds: null,
  compressedBytes: 0,
  decompressedBytes: 0,
  records: 0,
  elastiCache: 0,
  stored: 0,
  cpuSeconds: null,
  peakRssBytes: null,
  postgresCpuSeconds: null,
};

const withArgs = ([command, args]: [string, string[]], more: string[]): [string, string[]] => [
  command,
  [...args, ...more],
];

/** What `npm run ingest -- --json` prints, as a measurement. */
function fromCli(out: string): Partial<Measurement> {
  const cli = JSON.parse(out) as {
    seconds: number;
    cpuSeconds: number;
    runCpuSeconds: number;
    peakRssBytes: number;
    files: { bytes: number; recordsRead: number; skipped: number; stored: number }[];
  };
  const sum = (k: "bytes" | "recordsRead" | "skipped" | "stored") => cli.files.reduce((n, f) => n + f[k], 0);
  return {
    innerSeconds: cli.seconds,
    cpuSeconds: cli.cpuSeconds,
    startCpuSeconds: cli.cpuSeconds - cli.runCpuSeconds,
    peakRssBytes: cli.peakRssBytes,
    compressedBytes: sum("bytes"),
    records: sum("recordsRead"),
    elastiCache: sum("recordsRead") - sum("skipped"),
    stored: sum("stored"),
  };
}

/** Where an engine run's CPU by thread is written (by thread-cpu.mjs, preloaded: it reads /proc as the process exits). */
const THREAD_FILE = path.join(os.tmpdir(), `bench-ingest-threads-${process.pid}.json`);
const withThreadCpu = ([command, args]: [string, string[]]): [string, string[]] => [
  command,
  ["--import", path.resolve("scripts/bench/thread-cpu.mjs"), ...args],
];
function readThreads() {
  const { threads, gcSeconds } = JSON.parse(readFileSync(THREAD_FILE, "utf8")) as {
    threads: { tid: number; seconds: number }[];
    gcSeconds: number;
  };
  rmSync(THREAD_FILE);
  return groupThreads(threads, gcSeconds);
}

/** Runs one method in its own process; `seconds` is from spawn to exit. */
function child(mode: Mode, corpus: string, db: string): Promise<Measurement> {
  const [command, args] =
    mode === "gunzip"
      ? [process.execPath, ["scripts/bench/gunzip-floor.mjs", corpus]]
      : mode === "gzip"
        ? ["sh", ["-c", `find "$1" -name '*.gz' -print0 | sort -z | xargs -0 gzip -dc > /dev/null`, "sh", corpus]]
        : mode === "engine"
          ? withThreadCpu(withArgs(ingestCommand(), ["--json", corpus]))
          : // The other methods start as the CLI does: bundled, through the same launcher.
            [
              process.execPath,
              ["scripts/launch.mjs", "scripts/bench/ingest-child.ts", "--mode", mode, "--corpus", corpus, "--db", db],
            ];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const proc = spawn(command, args, {
      stdio: ["ignore", "pipe", "inherit"],
      env: mode === "engine" ? { ...process.env, DATABASE_URL: db, THREAD_CPU_OUT: THREAD_FILE } : process.env,
    });
    let out = "";
    proc.stdout.on("data", (d: Buffer) => (out += d));
    proc.on("exit", (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`${mode} exited with ${code}`));
      const reported = !out ? {} : mode === "engine" ? fromCli(out) : (JSON.parse(out) as Partial<Measurement>);
      resolve({ ...emptyMeasurement, ...reported, ...(mode === "engine" ? { threads: readThreads() } : {}), seconds });
    });
  });
}

// The corpus generator is loaded by the parent only: the children's start-up is part of their time.
const { generateCorpus, parseSize } = await import("@/tools/corpus");
const seed = Number(values.seed);
const sizes = {
  mixed: parseSize(values.size!),
  all: parseSize(values["all-size"]!),
  small: parseSize(values["small-size"]!),
};
/** "target: met" or "target: missed by N %", for the issue's targets. */
function verdict(label: string, value: number, target: number, unit: string, lower = false): string {
  const measured = `${value.toLocaleString("en-US", { maximumFractionDigits: 2 })}${unit}`;
  const shown = `${label}: ${measured} (target ${lower ? "≤" : "≥"} ${target.toLocaleString("en-US")}${unit})`;
  const met = lower ? value <= target : value >= target;
  const missedBy = lower ? value / target - 1 : 1 - value / target;
  return met ? `${shown}: met` : `${shown}: **missed by ${Math.round(missedBy * 100)} %**`;
}

/**
 * The shortest wall time two cores allow for the work this engine run did: its serial part (wall −
 * inner s: process start, bundle, database check, exit) on one thread, then every other CPU second
 * of the child and of PostgreSQL shared by the two cores without a moment lost. A lower bound for
 * any scheduling of this work (the serial part's own CPU is at most its wall time); null without
 * PostgreSQL's CPU (a server this process did not start).
 */
function twoCoreFloor(engine: Measurement): { seconds: number; serial: number } | null {
  if (engine.cpuSeconds === null || engine.postgresCpuSeconds === null || engine.innerSeconds === null) return null;
  const serial = engine.seconds - engine.innerSeconds;
  return { seconds: serial + Math.max(0, engine.cpuSeconds + engine.postgresCpuSeconds - serial) / 2, serial };
}

/** For a missed target: whether any overlap of the work this engine run measured could meet it on two cores. */
function floorLine(engine: Measurement, target: string, allowedSeconds: number): string[] {
  const floor = twoCoreFloor(engine);
  if (!floor || engine.seconds <= allowedSeconds) return [];
  const work =
    `${floor.serial.toFixed(2)} s serial (start, database check, exit), then (${engine.cpuSeconds!.toFixed(2)} s ` +
    `Node + ${engine.postgresCpuSeconds!.toFixed(2)} s PostgreSQL − the serial part) ÷ 2 cores`;
  const reach =
    floor.seconds > allowedSeconds
      ? "**out of reach of this work on two cores**, however well it overlapped"
      : `within reach of this work: the run lost ${(engine.seconds - floor.seconds).toFixed(2)} s to idle cores`;
  return [
    `${target} needs the engine within ${allowedSeconds.toFixed(2)} s; the two-core floor of the work it measured is ` +
      `${floor.seconds.toFixed(2)} s (${work}): ${reach}`,
  ];
}

/** bench:ingest:stages --json on a corpus, in a process of its own (its figures are on its last line). */
function stageCpu(corpus: string): Promise<StageCpu> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ["--import", "tsx", "scripts/bench/ingest-stages.ts", "--corpus", corpus, "--rounds", "2", "--json"],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    proc.stdout.on("data", (d: Buffer) => (out += d));
    proc.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split("\n").at(-1)!) as StageCpu)
        : reject(new Error(`stages: ${code}`)),
    );
  });
}

/**
 * The CPU of each stage of the work (the issue's profile: gunzip, finding and parsing the records,
 * normalising, COPY encoding, the engine's own, PostgreSQL), measured in one warm process, then what the
 * command line's fresh process spends on top of that warm engine.
 */
function stageTable(stages: StageCpu, cli: Measurement): { headers: string[]; rows: string[][] } {
  const { engine } = stages;
  const passes = stages.gunzip + stages.find + stages.parse + stages.normalise + stages.encode;
  const perEvent = (seconds: number) => (engine.stored ? Math.round((seconds / engine.stored) * 1e6).toString() : "—");
  const rows: [string, number][] = [
    ["gunzip (zlib, on libuv's pool)", stages.gunzip],
    ["find the ElastiCache records (prefilter, scan the rest)", stages.find],
    ["parse them (JSON.parse of each record's bytes)", stages.parse],
    ["normalise (actor, resources, field values, secrets masked)", stages.normalise],
    ["COPY encode (rows, search text, the record's deflate)", stages.encode],
    ["the engine's own (batches, run and file ledger, SHA-256, the protocol, GC)", engine.cpu - passes],
    ["PostgreSQL (the rows, their indexes, counters and rollups)", engine.postgres],
  ];
  const warm = engine.cpu + engine.postgres;
  const out = rows.map(([label, s]) => [label, s.toFixed(2), perEvent(s)]);
  out.push(["**the work, warm**", warm.toFixed(2), perEvent(warm)]);
  const cold = cli.threads;
  if (cold) {
    // Thread by thread (/proc), the fresh process against the warm engine's run: the parts add up to the first row.
    const hot = engine.threads;
    const start = cli.startCpuSeconds ?? 0;
    const main = cold.main - hot.main - start;
    const v8 = cold.v8 - hot.v8;
    const pool = cold.pool - hot.pool;
    const parts: [string, number][] = [
      [
        "the command line's fresh process on top (its Node CPU − the warm engine's), of which:",
        start + main + v8 + pool,
      ],
      ["· starting: Node, the bundle, Prisma's client, the database check (all threads)", start],
      ["· the main thread besides: code V8 has not optimised yet, a young heap", main],
      ["· … of those, garbage-collection pauses", cold.gc - hot.gc],
      ["· V8's helper threads: the optimising compiler, concurrent and parallel GC", v8],
      ["· libuv's pool (gunzip)", pool],
    ];
    for (const [label, s] of parts) out.push([label, s.toFixed(2), perEvent(s)]);
  } else if (cli.cpuSeconds !== null) {
    const fresh = cli.cpuSeconds - engine.cpu;
    out.push([
      "the command line's fresh process on top (its Node CPU − the warm engine's)",
      fresh.toFixed(2),
      perEvent(fresh),
    ]);
  }
  return { headers: ["stage", "CPU s", "µs an event stored"], rows: out };
}

type Targets = (results: Map<Mode, Measurement>, files: number) => string[];
const mixedTargets: Targets = (results) => {
  const [floor, engine, naive, duck] = (["gunzip", "engine", "naive", "duckdb"] as Mode[]).map((m) => results.get(m));
  return [
    verdict("throughput vs bare decompression", floor!.seconds / engine!.seconds, 0.6, "×"),
    ...floorLine(engine!, "≥ 0.6 × bare gunzip", floor!.seconds / 0.6),
    ...(duck ? [verdict("wall time vs DuckDB", engine!.seconds / duck.seconds, 1, "×", true)] : []),
    ...(duck ? floorLine(engine!, "DuckDB's wall time", duck.seconds) : []),
    ...(naive ? [verdict("speed vs the naive baseline", naive.seconds / engine!.seconds, 2, "×")] : []),
  ];
};
const allTargets: Targets = (results) => {
  const engine = results.get("engine")!;
  const duck = results.get("duckdb");
  return [
    verdict("events stored per second", Math.round(engine.stored / engine.seconds), 5000, ""),
    ...floorLine(engine, "5,000 events stored per second", engine.stored / 5000),
    ...(duck ? floorLine(engine, "DuckDB's wall time", duck.seconds) : []),
  ];
};

/** A quiet trail (no issue target): what each file costs beyond its bytes. */
const smallTargets: Targets = (results, files) => {
  const engine = results.get("engine")!;
  return [`files read a second: ${Math.round(files / engine.seconds)} (${files} files, digests included; no target)`];
};

async function ensureCorpus(
  name: string,
  sizeBytes: number,
  share: number,
  more: { largeRecords?: boolean; callsPerSecond?: number } = {},
): Promise<string> {
  const dir = path.join(dataDir, "bench", name);
  if (!existsSync(path.join(dir, ".complete"))) {
    console.log(`Generating ${name}…`);
    await generateCorpus({ outDir: dir, sizeBytes, elastiCacheShare: share, seed, ...more });
    execFileSync("touch", [path.join(dir, ".complete")]);
  }
  return dir;
}

const wantedCorpora = values.corpora ? new Set(values.corpora.split(",")) : null;
const allCorpora = [
  {
    key: "mixed",
    label: `mixed, 5 % ElastiCache (${values.size})`,
    command: `npm run corpus -- --size ${values.size} --seed ${seed}`,
    dir: await ensureCorpus(`mixed-${values.size}-seed${seed}`, sizes.mixed, 0.05),
    modes: ["gunzip", "gzip", "engine", "engine-per-file", "duckdb", "naive", "jq"] as Mode[],
    targets: mixedTargets,
  },
  {
    key: "large",
    label: `mixed with large records, 5 % ElastiCache (${values.size})`,
    command: `npm run corpus -- --size ${values.size} --seed ${seed} --large-records`,
    dir: await ensureCorpus(`mixed-large-${values.size}-seed${seed}`, sizes.mixed, 0.05, { largeRecords: true }),
    modes: ["gunzip", "gzip", "engine", "engine-per-file", "duckdb"] as Mode[],
    targets: mixedTargets,
  },
  {
    key: "all",
    label: `all ElastiCache (${values["all-size"]})`,
    command: `npm run corpus -- --size ${values["all-size"]} --seed ${seed} --elasticache-share 1`,
    dir: await ensureCorpus(`all-${values["all-size"]}-seed${seed}`, sizes.all, 1),
    modes: ["gunzip", "engine", "engine-per-file", "duckdb"] as Mode[],
    targets: allTargets,
  },
  {
    key: "small",
    label: `a quiet trail: small files, 5 % ElastiCache (${values["small-size"]})`,
    command: `npm run corpus -- --size ${values["small-size"]} --seed ${seed} --calls-per-second 0.25`,
    dir: await ensureCorpus(`small-${values["small-size"]}-seed${seed}`, sizes.small, 0.05, { callsPerSecond: 0.25 }),
    modes: ["gunzip", "engine", "engine-per-file", "duckdb"] as Mode[],
    targets: smallTargets,
  },
];

const corpora = allCorpora.filter((c) => !wantedCorpora || wantedCorpora.has(c.key));
const databases = await benchDatabases();

const hasCommand = (command: string, args: string[]) => {
  try {
    execFileSync(command, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
const available: Record<Mode, boolean> = {
  gunzip: true,
  engine: true,
  "engine-per-file": true,
  naive: true,
  duckdb: true,
  gzip: hasCommand("gzip", ["--version"]),
  jq: hasCommand("jq", ["--version"]),
};

const REPEATS = Number(values.rounds);
const REPEATED: ReadonlySet<Mode> = new Set(["gunzip", "engine", "engine-per-file", "duckdb"]);
const only = values.modes ? new Set(values.modes.split(",")) : null;
// A partial run (some methods or corpora) is printed only: the section holds every one side by side.
const partial = only !== null || wantedCorpora !== null;
const loadAverages: number[] = [];
const sections: string[] = [];
for (const corpus of corpora) {
  const { files } = await listInputFiles([corpus.dir]);
  const compressedBytes = files.reduce((n, f) => n + f.size, 0);
  const runs = new Map<Mode, Measurement[]>();
  // Rounds rather than each method's runs in a row: a slow moment of the shared machine then
  // falls on every method alike. The median of each method's runs is reported.
  for (let round = 1; round <= REPEATS; round++) {
    for (const mode of corpus.modes) {
      if (!available[mode] || (round > 1 && !REPEATED.has(mode)) || (only && !only.has(mode))) continue;
      const db =
        mode === "engine" || mode === "engine-per-file" || mode === "naive"
          ? await databases.fresh(`bench_ingest_${mode.replaceAll("-", "_")}`)
          : "";
      loadAverages.push(os.loadavg()[0]!);
      console.log(`${corpus.label}: ${mode}${round > 1 ? ` (run ${round})` : ""}…`);
      const postgres = db ? await databases.postgresCpu() : null;
      const measured = await child(mode, corpus.dir, db);
      if (postgres) measured.postgresCpuSeconds = await postgres.stop(new URL(db).pathname.slice(1));
      runs.set(mode, [...(runs.get(mode) ?? []), measured]);
    }
  }
  const results = new Map<Mode, Measurement>(
    [...runs].map(([mode, list]) => [mode, list.sort((a, b) => a.seconds - b.seconds)[Math.floor(list.length / 2)]!]),
  );
  const floor = results.get("gunzip")!;
  const mb = floor.decompressedBytes / 1e6;
  const rows = [...results.entries()].map(([mode, r]) => [
    mode === "gunzip" ? "gunzip (Node, floor)" : mode === "gzip" ? "gzip -dc" : mode,
    r.seconds.toFixed(2),
    r.innerSeconds === null ? "—" : r.innerSeconds.toFixed(2),
    r.cpuSeconds === null ? "—" : r.cpuSeconds.toFixed(2),
    r.postgresCpuSeconds === null ? "—" : r.postgresCpuSeconds.toFixed(2),
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
  const duck = results.get("duckdb");
  const headers = [
    "method",
    "wall s (process)",
    "inner s",
    "CPU s",
    "PostgreSQL CPU s",
    "MB/s (decompressed)",
    "× bare gunzip",
    "records/s",
    "events stored/s",
    "events",
    "peak RSS",
  ];
  const targets = results.has("engine") && results.has("gunzip") ? corpus.targets(results, files.length) : [];
  console.log(`\n${corpus.label}\n${formatTable(headers, rows)}\n${targets.map((t) => `- ${t}`).join("\n")}`);
  let stages = "";
  if (results.has("engine") && (values.stages ?? !partial)) {
    console.log(`${corpus.label}: stages…`);
    const stageRun = await stageCpu(corpus.dir);
    const table = stageTable(stageRun, engine);
    console.log(formatTable(table.headers, table.rows));
    stages =
      `\n\nWhere the CPU goes (\`npm run bench:ingest:stages -- --corpus ${path.relative(process.cwd(), corpus.dir)} ` +
      `--rounds 2\`, run by this benchmark, in one warm process, each the least CPU of five passes: bare ` +
      `gunzip and the reader over every file (finding the records is the reader less gunzip and parsing), then ` +
      `parsing, normalising and COPY encoding alone over the records the reader kept; the engine's own is its CPU ` +
      `less all of those; the engine, the faster of two runs into a fresh database, took ` +
      `${stageRun.engine.wall.toFixed(2)} s there):\n\n${markdownTable(table.headers, table.rows)}`;
  }
  sections.push(
    `### ${corpus.label}\n\n\`${corpus.command}\`: ${files.length} files, ` +
      `${compressedBytes.toLocaleString("en-US")} bytes compressed, ` +
      `${floor.decompressedBytes.toLocaleString("en-US")} decompressed.\n\n` +
      `${markdownTable(headers, rows)}\n\n` +
      `Engine vs bare gunzip: **${(floor.seconds / engine.seconds).toFixed(2)}×**` +
      (duck ? `; engine ÷ DuckDB wall time: **${(engine.seconds / duck.seconds).toFixed(2)}**.` : ".") +
      `\n\n${targets.map((t) => `- ${t}`).join("\n")}${stages}`,
  );
}
await databases.close();

const load = `load average (1 min) ${Math.min(...loadAverages).toFixed(1)}–${Math.max(...loadAverages).toFixed(1)} during the run`;
if (!partial)
  await writeBenchmarkSection(
    "ingest",
    `## Ingest (\`npm run bench:ingest\`)\n\n${machineDescription()}, ${load} (a shared machine: compare the ` +
      `methods of one run, not runs). Each method runs in its own process on the same files, timed from spawn ` +
      `to exit (process start included: "wall s"); "inner s" is the child's own measure after its modules loaded; ` +
      `"engine" is \`npm run ingest -- --json\`'s command line (launcher, bundle, database check) with DATABASE_URL set; ` +
      `CPU s is user + system of the child's threads; PostgreSQL CPU s is the embedded server's (its backends and ` +
      `background processes) while the child ran. "engine-per-file" is the engine with a ` +
      `batch per file, as before a run's files shared their batches (ingestPaths' batchPerFile). gunzip, both ` +
      `engines and DuckDB: the median of ` +
      `${REPEATS} runs, taken in rounds. "engine" and "naive" write into a fresh, migrated database with every ` +
      `index in place; DuckDB (\`@duckdb/node-api\`, 2 threads) reads the same gzipped files with read_json, ` +
      `unnests Records and keeps the ElastiCache records in an in-memory table. The floor is Node's gunzip of ` +
      `each file in turn (scripts/bench/gunzip-floor.mjs, no project code loaded).\n\n` +
      sections.join("\n\n"),
  );
console.log(
  partial ? "\n(--modes or --corpora: not written to docs/benchmarks.md)" : "\nWritten to docs/benchmarks.md",
);
