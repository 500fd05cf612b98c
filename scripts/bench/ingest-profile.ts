// npm run bench:ingest:profile [-- --corpora mixed,all --command bench|cli --keep]
// Where the Node CPU of a cold ingest goes (issue 19). Runs the very command bench:ingest spawns
// for "engine" up to session 17 (`--command bench`, the default: the engine in bench:ingest's
// child) or the CLI (`--command cli`), both from their sources under tsx rather than from the
// bundle `npm run ingest` now runs (scripts/launch.mjs: one file, whose stages the profile could
// not tell apart), under `node --cpu-prof`, into a fresh migrated database, on the
// corpora bench:ingest generates, and groups the main thread's self time by stage (the module a
// sampled function lives in), before and after the child's work starts. The other threads
// (gunzip on libuv's pool, V8's compiler and GC helpers, tsx's module hooks) are counted from
// /proc by scripts/bench/thread-cpu.mjs. Profiles are kept in .data/bench/profiles (--keep).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { dataDir } from "@/lib/env";
import { formatTable } from "@/scripts/cli/format-table";
import { benchDatabases } from "./bench-databases";
import { ingestCommand } from "./ingest-command";
import { uptime } from "./report";

const { values } = parseArgs({
  options: {
    corpora: { type: "string", default: "mixed,all" },
    command: { type: "string", default: "bench" },
    keep: { type: "boolean", default: false },
    /** Only analyse a kept profile (its .cpuprofile file) again. */
    analyse: { type: "string" },
  },
});

const CORPORA: Record<string, string> = {
  mixed: path.join(dataDir, "bench", "mixed-200MB-seed1"),
  all: path.join(dataDir, "bench", "all-50MB-seed1"),
};

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Stages by the module a sampled function is in: the first rule that matches names it. */
const STAGES: Array<[stage: string, test: (url: string, fn: string) => boolean]> = [
  ["GC (main thread)", (_u, fn) => fn === "(garbage collector)"],
  ["VM, unattributed (program)", (_u, fn) => fn === "(program)"],
  ["WebAssembly (Prisma's query compiler)", (u, fn) => u.startsWith("wasm://") || fn.startsWith("js-to-wasm")],
  ["tsx (resolve, transpile)", (u) => u.includes("/node_modules/tsx/") || u.includes("/node_modules/esbuild/")],
  ["module loading (node)", (u) => /^node:internal\/(modules|vm|process\/(pre_execution|esm_loader))/.test(u)],
  ["gunzip, file reads (streams)", (u) => /byte-source|node:zlib|node:internal\/(fs|streams)|node:fs/.test(u)],
  [
    "scan (splitter, prefilter)",
    (u) => /lib\/ingest\/read\/(json-splitter|prefilter|record-capture|raw-value)/.test(u),
  ],
  ["parse, classify", (u) => /lib\/ingest\/read\/(parse-record|record-classifier|record-filter|storable-json)/.test(u)],
  ["read, other", (u) => u.includes("/lib/ingest/read/")],
  ["resources, actor, user agent", (u) => /lib\/cloudtrail\/(resource|arn|actor|user-agent)/.test(u)],
  ["normalise (zod, secrets)", (u) => u.includes("/lib/cloudtrail/") || u.includes("/node_modules/zod/")],
  ["record codec (deflate)", (u) => u.includes("/lib/events/record-codec")],
  [
    "COPY encode (rows, search text, flags)",
    (u) => /lib\/ingest\/(copy-binary|store|search-text|postgres-text)|lib\/security\/flags/.test(u),
  ],
  [
    "pg driver, socket writes",
    (u) => /node_modules\/(pg|pg-protocol|pg-copy-streams|pg-pool)\/|node:net|node:internal\/stream_base/.test(u),
  ],
  ["Prisma client", (u) => u.includes("/node_modules/@prisma/") || u.includes("/lib/generated/")],
  ["engine (files, runs, batches)", (u) => u.includes("/lib/ingest/")],
  ["hashing (sha256)", (u) => u.includes("node:internal/crypto")],
  ["other project code", (u) => u.includes("/lib/") || u.includes("/scripts/")],
  ["other node_modules", (u) => u.includes("/node_modules/")],
  ["other node internals", (u) => u.startsWith("node:")],
  ["other (builtins, native)", () => true],
];

function stageOf(url: string, fn: string): string {
  return STAGES.find(([, test]) => test(url, fn))![0];
}

/** Self time per stage (ms), split at the first sample inside the child's work (`work` on the stack). */
function attribute(profile: CpuProfile, work: RegExp) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inWork = new Map<number, boolean>();
  const isWork = (id: number): boolean => {
    const known = inWork.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id)!;
    const p = parent.get(id);
    const value = work.test(node.callFrame.functionName) || (p !== undefined && isWork(p));
    inWork.set(id, value);
    return value;
  };
  const start = new Map<string, number>();
  const during = new Map<string, number>();
  let started = false;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!)!;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const { functionName, url } = node.callFrame;
    if (functionName === "(idle)") continue;
    // The reader's first sample also marks it: an async frame of the work is not always on the stack.
    started ||= isWork(node.id) || url.includes("/lib/ingest/read/");
    const stage = stageOf(url, functionName);
    const into = started ? during : start;
    into.set(stage, (into.get(stage) ?? 0) + ms);
  }
  return { start, during };
}

interface ThreadCpu {
  process: number;
  threads: Array<{ tid: number; name: string; seconds: number }>;
}

/** The V8 flags of `npm run ingest`: its heap as users get it. */
function ingestNodeFlags(): string[] {
  const [, args] = ingestCommand();
  return args.slice(0, args.indexOf("scripts/launch.mjs"));
}

async function profileOnce(corpus: string, databaseUrl: string, dir: string) {
  const threadFile = path.join(dir, "threads.json");
  const preload = ["--import", "./scripts/bench/thread-cpu.mjs"];
  const args =
    values.command === "cli"
      ? [...ingestNodeFlags(), ...preload, "--import", "tsx", "scripts/ingest.ts", "--json", corpus]
      : [...preload, "--import", "tsx", "scripts/bench/ingest-child.ts", "--mode", "engine", "--corpus", corpus];
  if (values.command !== "cli") args.push("--db", databaseUrl);
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ["--cpu-prof", "--cpu-prof-dir", dir, ...args], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, THREAD_CPU_OUT: threadFile, DATABASE_URL: databaseUrl },
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`the child exited with ${code}`))));
  });
  const wall = (performance.now() - started) / 1000;
  // One profile per thread with a V8 isolate: CPU.<date>.<time>.<pid>.<thread id>.<n>; thread 0 is the main one.
  const name = (await readdir(dir)).find((f) => /\.0\.\d+\.cpuprofile$/.test(f))!;
  const profile = JSON.parse(await readFile(path.join(dir, name), "utf8")) as CpuProfile;
  const threads = JSON.parse(await readFile(threadFile, "utf8")) as ThreadCpu;
  return { wall, profile, threads, profilePath: path.join(dir, name) };
}

if (values.analyse) {
  const profile = JSON.parse(await readFile(values.analyse, "utf8")) as CpuProfile;
  const { start, during } = attribute(profile, /^(runChild|ingestPaths)$/);
  for (const [label, m] of [
    ["start", start],
    ["work", during],
  ] as const)
    console.log(
      formatTable(
        [`stage (${label})`, "s"],
        [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, (v / 1000).toFixed(2)]),
      ),
    );
  process.exit(0);
}

const databases = await benchDatabases();
const profilesDir = path.join(dataDir, "bench", "profiles");
const work = /^(runChild|ingestPaths)$/;
try {
  for (const key of values.corpora!.split(",")) {
    const corpus = CORPORA[key] ?? key;
    if (!existsSync(corpus)) throw new Error(`No corpus at ${corpus}: run npm run bench:ingest once to generate it`);
    const dir = path.join(profilesDir, `${key}-${values.command}-${Date.now()}`);
    await mkdir(dir, { recursive: true });
    const url = await databases.fresh("bench_ingest_profile");
    const before = uptime();
    const { wall, profile, threads, profilePath } = await profileOnce(corpus, url, dir);
    const after = uptime();
    const { start, during } = attribute(profile, work);
    const stages = [...new Set([...start.keys(), ...during.keys()])];
    const total = (m: Map<string, number>) => [...m.values()].reduce((n, v) => n + v, 0);
    const rows = stages
      .map((s) => [s, start.get(s) ?? 0, during.get(s) ?? 0] as const)
      .sort((a, b) => b[1] + b[2] - (a[1] + a[2]))
      .map(([s, a, b]) => [s, (a / 1000).toFixed(2), (b / 1000).toFixed(2), ((a + b) / 1000).toFixed(2)]);
    rows.push([
      "main thread, sampled",
      (total(start) / 1000).toFixed(2),
      (total(during) / 1000).toFixed(2),
      ((total(start) + total(during)) / 1000).toFixed(2),
    ]);
    console.log(`\n${key} (${corpus}), --command ${values.command}: wall ${wall.toFixed(2)} s from spawn to exit`);
    console.log(`uptime before: ${before}\nuptime after:  ${after}`);
    console.log(formatTable(["stage (main thread self time)", "start s", "work s", "total s"], rows));
    // Threads are mostly all named "node": the first is the main thread, the busy others are
    // libuv's pool (gunzip), V8's helpers and tsx's module hooks thread.
    const alive = threads.threads.reduce((n, t) => n + t.seconds, 0);
    const [main, ...others] = threads.threads;
    console.log(
      formatTable(
        ["thread (from /proc at exit)", "CPU s"],
        [
          [`main (${main!.name})`, main!.seconds.toFixed(2)],
          ...others
            .filter((t) => t.seconds >= 0.05)
            .sort((a, b) => b.seconds - a.seconds)
            .map((t) => [`${t.tid} (${t.name})`, t.seconds.toFixed(2)]),
          ["threads gone before exit", (threads.process - alive).toFixed(2)],
          ["process (resourceUsage)", threads.process.toFixed(2)],
        ],
      ),
    );
    if (values.keep) console.log(`profile: ${profilePath}`);
    else await rm(dir, { recursive: true });
  }
} finally {
  await databases.close();
}
console.log(`\n${os.cpus().length} cores, Node ${process.version}`);
