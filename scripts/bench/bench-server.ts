// The production server as bench:upload and bench:load run it: `scripts/serve.ts` (next start and
// the embedded PostgreSQL) in its own data directory, an admin from the environment and an API
// token of theirs (as curl would sign in), and uploads streamed to POST /api/ingest.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { readdir, readFile, rename, writeFile } from "node:fs/promises";
import http from "node:http";
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

/** POST /api/ingest, the body streamed from disk (chunked): never more than a chunk in memory here either. */
export async function uploadFiles(
  { port, token }: { port: number; token: string },
  files: string[],
  mode: "multipart" | "raw",
): Promise<UploadResult> {
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
