// The production server as bench:upload and bench:load run it: `scripts/serve.ts` (next start and
// the embedded PostgreSQL) in its own data directory, an admin from the environment and an API
// token of theirs (as curl would sign in), and uploads streamed to POST /api/ingest.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, existsSync } from "node:fs";
import { readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { dataDir } from "@/lib/env";
import { listInputFiles } from "@/lib/ingest/ingest-paths";
import { generateCorpus, parseSize } from "@/tools/corpus";

const benchDir = path.join(dataDir, "bench");

/** The generated AWSLogs tree `npm run corpus -- --size SIZE --seed SEED` (5 % ElastiCache), made once. */
export async function ensureBenchCorpus(size: string, seed: number): Promise<string> {
  const dir = path.join(benchDir, `mixed-${size}-seed${seed}`);
  if (!existsSync(path.join(dir, ".complete"))) {
    console.log(`Generating a ${size} corpus (seed ${seed})…`);
    await generateCorpus({ outDir: dir, sizeBytes: parseSize(size), elastiCacheShare: 0.05, seed });
    await writeFile(path.join(dir, ".complete"), "");
  }
  return dir;
}

/** Every record of the corpus's log files in one {"Records":[…]} file, written as a stream. */
export async function ensureSingleFile(corpus: string, size: string, seed: number): Promise<string> {
  const file = path.join(benchDir, `mixed-${size}-seed${seed}-single.json`);
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

/** The environment of a child process with its own data directory (and never the caller's database). */
export function childEnv(data: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CACHETRAIL_DATA_DIR: data, ...extra };
  delete env.DATABASE_URL;
  return env;
}

const BENCH_ADMIN = { ADMIN_EMAIL: "bench@cachetrail.test", ADMIN_PASSWORD: "bench-only-password-0" };

export interface BenchServer {
  proc: ChildProcess;
  token: string;
  stop(): Promise<void>;
}

export async function startServer(
  data: string,
  { port, pgPort, env = {} }: { port: number; pgPort: number; env?: Record<string, string> },
): Promise<BenchServer> {
  if (!existsSync(".next/BUILD_ID")) throw new Error("No production build: run `npm run build` first.");
  const proc = spawn("npx", ["tsx", "--conditions=react-server", "scripts/serve.ts"], {
    env: childEnv(data, { PORT: String(port), CACHETRAIL_PG_PORT: String(pgPort), ...BENCH_ADMIN, ...env }),
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
  // Signed in as curl would be: an API token of the admin the environment created.
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
  return {
    proc,
    token: made.stdout.trim().split("\n").pop()!,
    stop: async () => {
      process.kill(-proc.pid!, "SIGTERM");
      if (proc.exitCode === null) await once(proc, "exit");
    },
  };
}

/** The next-server process among the descendants of `root` (its title is "next-server (v…)"). */
export async function nextServerPid(root: number): Promise<number> {
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

export async function peakRssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kb) * 1024;
}

export interface UploadResult {
  seconds: number;
  stored: number;
  files: number;
  status: string;
}

/**
 * POST /api/ingest with curl, the files streamed from disk: a raw body (chunked) or one multipart part
 * per file. curl rather than a Node client because the client shares the machine's two cores with
 * the server and PostgreSQL: sending 200 MB from this process took 0.5–1.2 s of CPU, curl 0.14–0.43 s
 * (docs/benchmarks.md, "Upload", session 25).
 */
export async function uploadFiles(
  { port, token }: { port: number; token: string },
  files: string[],
  mode: "multipart" | "raw",
): Promise<UploadResult> {
  const query = mode === "raw" ? `?name=${encodeURIComponent(path.basename(files[0]!))}` : "";
  const args = [
    "--silent",
    "--show-error",
    "--write-out",
    "\n%{http_code}",
    "--header",
    `authorization: Bearer ${token}`,
  ];
  // Without this, curl holds a large body back for up to a second waiting for "100 Continue".
  args.push("--header", "expect:");
  if (mode === "raw") {
    args.push("--request", "POST", "--header", "content-type: application/json");
    args.push("--header", "transfer-encoding: chunked", "--upload-file", files[0]!);
  } else {
    // The corpus's paths hold no `;` or `,`, which -F would read as its own syntax.
    for (const file of files) args.push("--form", `file=@${file};type=application/octet-stream`);
  }
  args.push(`http://127.0.0.1:${port}/api/ingest${query}`);
  const started = performance.now();
  const curl = spawn("curl", args, { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  curl.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  const [code] = (await once(curl, "close")) as [number | null];
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`curl exited with ${code}`);
  const cut = out.lastIndexOf("\n");
  const status = Number(out.slice(cut + 1));
  const body = JSON.parse(out.slice(0, cut)) as {
    status: string;
    totals: { stored: number; files: number };
    error?: { message: string };
  };
  if (status !== 200) throw new Error(`upload answered ${status}: ${body.error?.message}`);
  return { seconds, stored: body.totals.stored, files: body.totals.files, status: body.status };
}
