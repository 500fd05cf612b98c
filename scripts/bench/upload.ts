// npm run bench:upload [-- --size 200MB --seed 1 --port 3390]
// The same trail ingested two ways, each into a fresh embedded PostgreSQL: uploaded through
// POST /api/ingest of a running production server (`next start`, so run `npm run build`
// first), and read from disk by the CLI (`npx tsx scripts/ingest.ts`). Twice: the generated
// AWSLogs tree (gzipped 5-minute files, one multipart request) and the same records as one
// uncompressed JSON file (one raw request). Reports the throughput ratio (target ≥ 0.8) and
// the server's peak RSS (VmHWM of the next-server process; target < 500 MB).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import { dataDir } from "@/lib/env";
import { listInputFiles } from "@/lib/ingest/ingest-paths";
import { formatTable } from "@/scripts/cli/format-table";
import { generateCorpus, parseSize } from "@/tools/corpus";
import { machineDescription, markdownTable, writeBenchmarkSection } from "./report";

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "200MB" },
    seed: { type: "string", default: "1" },
    port: { type: "string", default: "3390" },
    "pg-port": { type: "string", default: "54390" },
  },
});
const seed = Number(values.seed);
const port = Number(values.port);
const pgPort = Number(values["pg-port"]);
const benchDir = path.join(dataDir, "bench");

/** The environment of a child process with its own data directory (and never the caller's database). */
function childEnv(data: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CACHETRAIL_DATA_DIR: data, ...extra };
  delete env.DATABASE_URL;
  return env;
}

interface Measurement {
  seconds: number;
  stored: number;
  files: number;
  status: string;
}

// ---- inputs ------------------------------------------------------------------------------------

async function ensureCorpus(): Promise<string> {
  const dir = path.join(benchDir, `mixed-${values.size}-seed${seed}`);
  if (!existsSync(path.join(dir, ".complete"))) {
    console.log(`Generating a ${values.size} corpus…`);
    await generateCorpus({ outDir: dir, sizeBytes: parseSize(values.size!), elastiCacheShare: 0.05, seed });
    await writeFile(path.join(dir, ".complete"), "");
  }
  return dir;
}

/** Every record of the corpus's log files in one {"Records":[…]} file, written as a stream. */
async function ensureSingleFile(corpus: string): Promise<string> {
  const file = path.join(benchDir, `mixed-${values.size}-seed${seed}-single.json`);
  if (existsSync(file)) return file;
  console.log("Writing the same records as one uncompressed file…");
  const { files } = await listInputFiles([corpus]);
  const out = createWriteStream(`${file}.partial`);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, "drain");
  };
  await write('{"Records":[');
  let first = true;
  for (const f of files.filter((f) => !f.path.includes("CloudTrail-Digest"))) {
    const { Records = [] } = JSON.parse(gunzipSync(await readFile(f.path)).toString("utf8")) as { Records?: unknown[] };
    for (const r of Records) {
      await write(`${first ? "" : ","}${JSON.stringify(r)}`);
      first = false;
    }
  }
  out.end("]}\n");
  await once(out, "finish");
  await rename(`${file}.partial`, file);
  return file;
}

// ---- the server --------------------------------------------------------------------------------

const BENCH_ADMIN = { ADMIN_EMAIL: "bench@cachetrail.test", ADMIN_PASSWORD: "bench-only-password-0" };
let token = "";

async function startServer(data: string): Promise<{ proc: ChildProcess; stop: () => Promise<void> }> {
  if (!existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` first.");
  const proc = spawn("npx", ["tsx", "--conditions=react-server", "scripts/serve.ts"], {
    env: childEnv(data, { PORT: String(port), CACHETRAIL_PG_PORT: String(pgPort), ...BENCH_ADMIN }),
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  for (let i = 0; ; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 240 || proc.exitCode !== null) throw new Error("the server did not start");
    await new Promise((r) => setTimeout(r, 500));
  }
  // Uploads are signed in, as curl would be: an API token of the admin the environment created.
  const made = spawnSync(
    "npx",
    [
      "tsx",
      "--conditions=react-server",
      "scripts/token.ts",
      "create",
      "--email",
      BENCH_ADMIN.ADMIN_EMAIL,
      "--name",
      `bench-${Date.now()}`,
    ],
    { env: childEnv(data, { CACHETRAIL_PG_PORT: String(pgPort) }), encoding: "utf8", input: "" },
  );
  if (made.status !== 0) throw new Error(`could not create an API token: ${made.stderr}`);
  token = made.stdout.trim().split("\n").pop()!;
  return {
    proc,
    stop: async () => {
      process.kill(-proc.pid!, "SIGTERM");
      if (proc.exitCode === null) await once(proc, "exit");
    },
  };
}

/** The next-server process among the descendants of `root` (its title is "next-server (v…)"). */
async function nextServerPid(root: number): Promise<number> {
  const parents = new Map<number, number>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    parents.set(Number(entry), ppid);
  }
  const descends = (pid: number): boolean => (pid === root ? true : pid <= 1 ? false : descends(parents.get(pid) ?? 0));
  for (const pid of parents.keys()) {
    if (!descends(pid)) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (cmdline.startsWith("next-server")) return pid;
  }
  throw new Error("no next-server process found");
}

async function peakRssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb) * 1024;
}

// ---- the two ways in ---------------------------------------------------------------------------

/** POST /api/ingest, the body streamed from disk (chunked): never more than a chunk in memory here either. */
async function upload(files: string[], mode: "multipart" | "raw"): Promise<Measurement> {
  const boundary = `----cachetrail-bench-${Date.now()}`;
  const query = mode === "raw" ? `?name=${encodeURIComponent(path.basename(files[0]!))}` : "";
  const started = performance.now();
  const req = http.request(`http://127.0.0.1:${port}/api/ingest${query}`, {
    method: "POST",
    headers: {
      "content-type": mode === "raw" ? "application/json" : `multipart/form-data; boundary=${boundary}`,
      "transfer-encoding": "chunked",
      authorization: `Bearer ${token}`,
    },
  });
  const answered = once(req, "response") as Promise<[http.IncomingMessage]>;
  const write = async (chunk: string | Buffer) => {
    if (!req.write(chunk)) await once(req, "drain");
  };
  for (const file of files) {
    if (mode === "multipart") {
      await write(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file}"\r\n` +
          "Content-Type: application/octet-stream\r\n\r\n",
      );
    }
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) await write(chunk as Buffer);
    if (mode === "multipart") await write("\r\n");
  }
  if (mode === "multipart") await write(`--${boundary}--\r\n`);
  req.end();
  const [response] = await answered;
  let text = "";
  for await (const chunk of response) text += chunk;
  const seconds = (performance.now() - started) / 1000;
  const body = JSON.parse(text) as {
    status: string;
    totals: { stored: number; files: number };
    error?: { message: string };
  };
  if (response.statusCode !== 200) throw new Error(`upload answered ${response.statusCode}: ${body.error?.message}`);
  return { seconds, stored: body.totals.stored, files: body.totals.files, status: body.status };
}

/** The CLI on the same files, into its own fresh embedded PostgreSQL; its own timing excludes starting the database. */
async function cli(inputs: string[], data: string): Promise<Measurement & { wallSeconds: number }> {
  const started = performance.now();
  const proc = spawn("npx", ["tsx", "scripts/ingest.ts", ...inputs], {
    env: childEnv(data, { CACHETRAIL_PG_PORT: String(pgPort + 1) }),
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  proc.stdout!.on("data", (d: Buffer) => (out += d));
  const [code] = (await once(proc, "exit")) as [number];
  const wallSeconds = (performance.now() - started) / 1000;
  const summary = /Run \d+: (\w+) — ([\d,]+) new events from ([\d,]+) file\(s\) in ([\d.]+) s\./.exec(out);
  if (!summary) throw new Error(`the CLI exited with ${code} without its summary line:\n${out.slice(-2000)}`);
  const n = (s: string) => Number(s.replace(/,/g, ""));
  return {
    status: summary[1]!,
    stored: n(summary[2]!),
    files: n(summary[3]!),
    seconds: Number(summary[4]),
    wallSeconds,
  };
}

// ---- run ---------------------------------------------------------------------------------------

const corpus = await ensureCorpus();
const single = await ensureSingleFile(corpus);
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

const rows: string[][] = [];
const notes: string[] = [];
let worstRatio = Infinity;
let peak = 0;
for (const [i, s] of scenarios.entries()) {
  const serverData = path.join(benchDir, `upload-server-${i}`);
  const cliData = path.join(benchDir, `upload-cli-${i}`);
  await rm(serverData, { recursive: true, force: true });
  await rm(cliData, { recursive: true, force: true });

  console.log(`${s.label}\n  starting the production server…`);
  const server = await startServer(serverData);
  const pid = await nextServerPid(server.proc.pid!);
  const before = await peakRssBytes(pid);
  console.log("  uploading…");
  const up = await upload(s.files, s.mode);
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
console.log(`\n${formatTable(headers, rows)}`);
const met = (ok: boolean) => (ok ? "met" : "NOT met");
const verdict =
  `Worst throughput ratio **${worstRatio.toFixed(2)}** (target ≥ 0.8: ${met(worstRatio >= 0.8)}); ` +
  `server peak RSS **${Math.round(peak / 1024 ** 2)} MiB** (target < 500 MB: ${met(peak < 500e6)}).`;
console.log(verdict);

await writeBenchmarkSection(
  "upload",
  `## Upload (\`npm run bench:upload\`)\n\n${machineDescription()}. ` +
    `Corpus from \`npm run corpus\` (${values.size}, 5 % ElastiCache, seed ${seed}). ` +
    `"upload": a Node client streams the files to \`POST /api/ingest\` of the production server ` +
    `(\`next start\`, embedded PostgreSQL), timed from the first byte sent to the JSON answer. ` +
    `"CLI": \`npx tsx scripts/ingest.ts\` on the same files, as timed by the CLI itself (after its database is up). ` +
    `Each into a fresh database. Server peak RSS: \`VmHWM\` of the next-server process (startup included).\n\n` +
    `${markdownTable(headers, rows)}\n\n${verdict}` +
    (notes.length ? `\n\n${notes.join("\n")}` : ""),
);
console.log("Written to docs/benchmarks.md");
