// `npm start` / `npm run dev`: provides the database (DATABASE_URL, or the embedded
// PostgreSQL under .data/), applies migrations, then runs Next.js against it and one job-queue
// worker (scripts/worker.ts) beside it. `npm run worker` adds more workers.
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { env } from "@/lib/env";
import { prepareSignIn } from "@/lib/auth/start-up";
import { closePrismaClient, createPrismaClient } from "@/lib/db/create-client";
import { provideDatabase } from "@/lib/db/provide";
import { closeAbandonedRuns } from "@/lib/ingest/runs";
import { serverHeapFlags } from "./server-heap-flags";

const dev = process.argv.includes("--dev");
const log = (line: string) => console.log(`[cachetrail] ${line}`);

const database = await provideDatabase(log);
log(database.embedded ? "Using the embedded PostgreSQL." : "Using DATABASE_URL.");
// Two malloc arenas instead of glibc's default of eight per core: zlib inflates on libuv's four
// threads, and each thread's arena kept its freed memory. Measured (docs/benchmarks.md, "Load"): the
// dashboard's peak RSS under bench:load 497 → 469 and 482 MiB, after a 200-file upload 396–449 →
// 379–403 MiB, next-server's CPU for that upload unchanged. A value already set is kept.
const childEnv = { ...process.env, DATABASE_URL: database.url, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2" };

// Loopback unless HOST says otherwise (then put it behind HTTPS: docs/security.md).
const shownHost = ["0.0.0.0", "::"].includes(env.HOST)
  ? "localhost"
  : env.HOST.includes(":")
    ? `[${env.HOST}]`
    : env.HOST;
const baseUrl = `http://${shownHost}:${env.PORT}`;
const prisma = createPrismaClient(database.url, 1);
const signInLine = await prepareSignIn(prisma, baseUrl);
// Runs of a server or CLI that died (kill -9, out of memory, power loss) are closed as aborted now.
const abandoned = await closeAbandonedRuns(prisma);
if (abandoned > 0) log(`Closed ${abandoned} ingestion run(s) whose process had ended as aborted.`);
await closePrismaClient(prisma);

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
// Request timeouts per route (scripts/http-timeouts.mjs), with the values lib/env.ts parsed.
const httpTimeouts = fileURLToPath(new URL("./http-timeouts.mjs", import.meta.url));
// The TCP peer's address for the per-address sign-in limit (scripts/client-address.mjs).
const clientAddress = fileURLToPath(new URL("./client-address.mjs", import.meta.url));
// An upload's raw body read from Node's request stream, not Next.js's web stream (scripts/upload-body.mjs).
const uploadBody = fileURLToPath(new URL("./upload-body.mjs", import.meta.url));
const nextArgs = [
  ...serverHeapFlags(),
  "--import",
  httpTimeouts,
  "--import",
  clientAddress,
  "--import",
  uploadBody,
  nextBin,
  dev ? "dev" : "start",
  "--port",
  String(env.PORT),
  "--hostname",
  env.HOST,
];
const next = spawn(process.execPath, nextArgs, {
  stdio: "inherit",
  env: {
    ...childEnv,
    INGEST_REQUEST_TIMEOUT_SECONDS: String(env.INGEST_REQUEST_TIMEOUT_SECONDS),
    CACHETRAIL_REQUEST_TIMEOUT_SECONDS: String(env.CACHETRAIL_REQUEST_TIMEOUT_SECONDS),
  },
});
log(`Dashboard: ${baseUrl}`);
log(signInLine);

// The worker is a process of its own, so a crash in a sync never takes the dashboard down; it
// runs under the same loader as this script (tsx) and the react-server condition its modules need.
const workerScript = fileURLToPath(new URL("./worker.ts", import.meta.url));
let stopping = false;
let worker: ChildProcess;
function startWorkerProcess(): void {
  worker = spawn(process.execPath, [...process.execArgv, "--conditions=react-server", workerScript], {
    stdio: "inherit",
    env: childEnv,
  });
  worker.on("exit", (code, signal) => {
    if (stopping) return;
    log(`The worker stopped (${signal ?? `exit code ${code}`}); starting a new one in 5 s.`);
    setTimeout(() => stopping || startWorkerProcess(), 5_000).unref();
  });
}
startWorkerProcess();

async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  const workerExited =
    worker.exitCode === null && worker.signalCode === null
      ? new Promise((resolve) => worker.once("exit", resolve))
      : Promise.resolve();
  worker.kill("SIGTERM");
  if (next.exitCode === null) next.kill("SIGTERM");
  // The worker finishes the objects in hand first (at most 30 s).
  await Promise.race([workerExited, new Promise((resolve) => setTimeout(resolve, 35_000))]);
  await database.release().catch((error: unknown) => log(`Could not stop PostgreSQL cleanly: ${String(error)}`));
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
next.on("exit", (code) => void stop(code ?? 0));
