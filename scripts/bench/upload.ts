// npm run bench:upload [-- --size 200MB --seed 1 --port 3390 --only multipart|raw]
// The same trail ingested two ways, each into a fresh embedded PostgreSQL: uploaded through
// POST /api/ingest of a running production server (`next start`, so run `npm run build`
// first), and read from disk by the CLI (`npm run ingest`). Twice: the generated
// AWSLogs tree (gzipped 5-minute files, one multipart request) and the same records as one
// uncompressed JSON file (one raw request). Reports the throughput ratio (target ≥ 0.8) and
// the server's peak RSS (VmHWM of the next-server process; target < 500 MB). With each, the CPU
// seconds (user + system) spent on it: the sending client (curl, and this process waiting for it),
// the next-server process and PostgreSQL for the upload; the CLI's process over its timed run and
// its PostgreSQL for the CLI — what the two cores have to give for each, against the wall time the
// 0.8 target allows.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { rm, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { dataDir } from "@/lib/env";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { listInputFiles } from "@/lib/ingest/ingest-paths";
import { formatTable } from "@/scripts/cli/format-table";
import { machineDescription, markdownTable, writeBenchmarkSection } from "./report";
import {
  childEnv,
  ensureBenchCorpus,
  ensureSingleFile,
  nextServerPid,
  peakRssBytes,
  startServer,
  uploadFiles,
} from "./bench-server";
import { ownAndReapedCpuSeconds, postgresCpuSeconds, processCpuSeconds } from "./process-cpu";

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "200MB" },
    seed: { type: "string", default: "1" },
    port: { type: "string", default: "3390" },
    "pg-port": { type: "string", default: "54390" },
    /** One of the two inputs only (the section of docs/benchmarks.md is then left as it is). */
    only: { type: "string" },
  },
});
const seed = Number(values.seed);
const port = Number(values.port);
const pgPort = Number(values["pg-port"]);
const benchDir = path.join(dataDir, "bench");

interface Measurement {
  seconds: number;
  stored: number;
  files: number;
  status: string;
}

/** CPU seconds spent on one way in, by process. */
interface CpuAccount {
  /** The client that sends the upload (curl, and this process waiting for it); none for the CLI. */
  client: number | null;
  /** next-server for the upload, the CLI's process over its timed run. */
  node: number;
  postgres: number;
}

// ---- inputs ------------------------------------------------------------------------------------

// ---- the two ways in ---------------------------------------------------------------------------

let token = "";
const upload = (files: string[], mode: "multipart" | "raw"): Promise<Measurement> =>
  uploadFiles({ port, token }, files, mode);

/**
 * The CLI on the same files (`npm run ingest -- --json`), into its own fresh embedded PostgreSQL.
 * The database is started and migrated here first, and the CLI attaches to it, so PostgreSQL's CPU
 * can be read before and after the run (the CLI's own time and CPU exclude its start anyway).
 */
async function cli(inputs: string[], data: string): Promise<Measurement & { cpu: CpuAccount }> {
  const database = await startEmbeddedPostgres({ dataDir: data, preferredPort: pgPort + 1 });
  try {
    await applyMigrations(database.url);
    const pg0 = await postgresCpuSeconds(data);
    const proc = spawn("npm", ["run", "--silent", "ingest", "--", "--json", ...inputs], {
      env: childEnv(data, { CACHETRAIL_PG_PORT: String(pgPort + 1) }),
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    proc.stdout!.on("data", (d: Buffer) => (out += d));
    const [code] = (await once(proc, "exit")) as [number];
    const postgres = (await postgresCpuSeconds(data)) - pg0;
    const start = out.indexOf("{");
    if (start < 0) throw new Error(`the CLI exited with ${code} without its JSON summary:\n${out.slice(-2000)}`);
    const summary = JSON.parse(out.slice(start)) as {
      status: string;
      seconds: number;
      runCpuSeconds: number;
      files: { stored: number }[];
    };
    return {
      status: summary.status,
      stored: summary.files.reduce((n, f) => n + f.stored, 0),
      files: summary.files.length,
      seconds: summary.seconds,
      cpu: { client: null, node: summary.runCpuSeconds, postgres },
    };
  } finally {
    await database.release();
  }
}

// ---- run ---------------------------------------------------------------------------------------

const corpus = await ensureBenchCorpus(values.size!, seed);
const single = await ensureSingleFile(corpus, values.size!, seed);
const corpusFiles = (await listInputFiles([corpus])).files;
const corpusBytes = corpusFiles.reduce((n, f) => n + f.size, 0);
const singleBytes = (await stat(single)).size;

const scenarios = [
  {
    label:
      `AWSLogs tree: ${corpusFiles.length} gzipped files, ${(corpusBytes / 1e6).toFixed(1)} MB sent ` +
      `(${values.size} of JSON), one multipart request`,
    inputs: [corpus],
    files: corpusFiles.map((f) => f.path),
    mode: "multipart" as const,
    bytes: corpusBytes,
  },
  {
    label: `one uncompressed JSON file of ${(singleBytes / 1e6).toFixed(1)} MB, raw body`,
    inputs: [single],
    files: [single],
    mode: "raw" as const,
    bytes: singleBytes,
  },
];

if (values.only && !scenarios.some((s) => s.mode === values.only)) throw new Error("--only: multipart or raw");
const selected = scenarios.filter((s) => !values.only || s.mode === values.only);

const rows: string[][] = [];
const cpuRows: string[][] = [];
const arithmetic: string[] = [];
const notes: string[] = [];
let worstRatio = Infinity;
let peak = 0;
for (const [i, s] of selected.entries()) {
  const serverData = path.join(benchDir, `upload-server-${i}`);
  const cliData = path.join(benchDir, `upload-cli-${i}`);
  await rm(serverData, { recursive: true, force: true });
  await rm(cliData, { recursive: true, force: true });

  console.log(`${s.label}\n  starting the production server…`);
  const server = await startServer(serverData, { port, pgPort });
  token = server.token;
  const pid = await nextServerPid(server.proc.pid!);
  const before = await peakRssBytes(pid);
  console.log("  uploading…");
  const [client0, server0, pg0] = [
    await ownAndReapedCpuSeconds(),
    await processCpuSeconds(pid),
    await postgresCpuSeconds(serverData),
  ];
  const up = await upload(s.files, s.mode);
  const upCpu: CpuAccount = {
    client: (await ownAndReapedCpuSeconds()) - client0,
    node: (await processCpuSeconds(pid)) - server0,
    postgres: (await postgresCpuSeconds(serverData)) - pg0,
  };
  const serverPeak = await peakRssBytes(pid);
  await server.stop();

  console.log("  the CLI on the same files…");
  const local = await cli(s.inputs, cliData);
  if (up.stored !== local.stored)
    notes.push(`${s.label}: the upload stored ${up.stored} events, the CLI ${local.stored}.`);

  const ratio = local.seconds / up.seconds;
  worstRatio = Math.min(worstRatio, ratio);
  peak = Math.max(peak, serverPeak);
  const mbps = (seconds: number) => (s.bytes / 1e6 / seconds).toFixed(1);
  rows.push([
    s.label,
    `${up.seconds.toFixed(1)} s (${mbps(up.seconds)} MB/s)`,
    `${local.seconds.toFixed(1)} s (${mbps(local.seconds)} MB/s)`,
    ratio.toFixed(2),
    up.stored.toLocaleString("en-US"),
    `${Math.round(serverPeak / 1024 ** 2)} MiB (${Math.round(before / 1024 ** 2)} MiB before)`,
  ]);
  const total = (c: CpuAccount) => (c.client ?? 0) + c.node + c.postgres;
  for (const [way, wall, c] of [
    ["upload", up.seconds, upCpu],
    ["CLI", local.seconds, local.cpu],
  ] as const) {
    cpuRows.push([
      `${s.mode}: ${way}`,
      wall.toFixed(2),
      c.client === null ? "—" : c.client.toFixed(2),
      c.node.toFixed(2),
      c.postgres.toFixed(2),
      total(c).toFixed(2),
      (total(c) / 2).toFixed(2),
    ]);
  }
  // At 0.8 of the CLI's throughput the upload may take the CLI's time ÷ 0.8; with both cores busy
  // all along it cannot take less than its CPU ÷ 2.
  const allowed = local.seconds / 0.8;
  arithmetic.push(
    `${s.mode}: the 0.8 target allows ${allowed.toFixed(2)} s (CLI ${local.seconds.toFixed(2)} s ÷ 0.8); ` +
      `the upload's CPU ÷ 2 cores is ${(total(upCpu) / 2).toFixed(2)} s ` +
      `(${total(upCpu).toFixed(2)} s: client ${upCpu.client!.toFixed(2)}, next-server ${upCpu.node.toFixed(2)}, ` +
      `PostgreSQL ${upCpu.postgres.toFixed(2)}), ${((total(upCpu) / 2 / allowed) * 100).toFixed(0)} % of it; ` +
      `measured ${up.seconds.toFixed(2)} s.`,
  );
  await rm(serverData, { recursive: true, force: true });
  await rm(cliData, { recursive: true, force: true });
}

const headers = [
  "input",
  "upload (POST /api/ingest)",
  "CLI",
  "upload ÷ CLI throughput",
  "events stored",
  "server peak RSS",
];
const cpuHeaders = [
  "input: way in",
  "wall s",
  "client CPU s",
  "next-server / CLI CPU s",
  "PostgreSQL CPU s",
  "total CPU s",
  "total ÷ 2 cores s",
];
console.log(`\n${formatTable(headers, rows)}\n\n${formatTable(cpuHeaders, cpuRows)}\n\n${arithmetic.join("\n")}`);
const met = (ok: boolean) => (ok ? "met" : "NOT met");
const verdict =
  `Worst throughput ratio **${worstRatio.toFixed(2)}** (target ≥ 0.8: ${met(worstRatio >= 0.8)}); ` +
  `server peak RSS **${Math.round(peak / 1024 ** 2)} MiB** (target < 500 MB: ${met(peak < 500e6)}).`;
console.log(verdict);

if (values.only) {
  console.log("One input only: docs/benchmarks.md not written.");
  process.exit(0);
}
await writeBenchmarkSection(
  "upload",
  `## Upload (\`npm run bench:upload\`)\n\n${machineDescription()}. ` +
    `Corpus from \`npm run corpus\` (${values.size}, 5 % ElastiCache, seed ${seed}). ` +
    `"upload": curl streams the files to \`POST /api/ingest\` of the production server ` +
    `(\`next start\`, embedded PostgreSQL), timed from curl's start to its exit with the JSON answer. ` +
    `"CLI": \`npm run ingest\` on the same files, as timed by the CLI itself (after its database is up). ` +
    `Each into a fresh database. Server peak RSS: \`VmHWM\` of the next-server process (startup included).\n\n` +
    `${markdownTable(headers, rows)}\n\n${verdict}\n\n` +
    `CPU seconds (user + system) spent on each, from \`/proc\`: the sending client (curl, and the benchmark waiting for it), ` +
    `the next-server process, PostgreSQL (postmaster and its children); for the CLI its process over its ` +
    `timed run and its PostgreSQL.\n\n${markdownTable(cpuHeaders, cpuRows)}\n\n` +
    arithmetic.map((line) => `- ${line}`).join("\n") +
    (notes.length ? `\n\n${notes.join("\n")}` : ""),
);
console.log("Written to docs/benchmarks.md");
