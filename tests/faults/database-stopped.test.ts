import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/create-client";
import { startEmbeddedPostgres, type EmbeddedServer } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { exited, expectConsistent, FILES, killAll, PER_FILE, track, until, writeLogs } from "./helpers/processes";

// PostgreSQL stopped in the middle of a CLI ingest and started again: the CLI says the database
// is unreachable, keeps running, sends the lost batch again once it is back, and finishes with
// every event stored once and counted once. A server of its own (not the suite's shared one),
// on a fixed port, so the restarted server answers at the same address.

let dir: string;
let logs: string;
let server: EmbeddedServer | null = null;
let prisma: PrismaClient | null = null;
let url: string;
const pgData = () => path.join(dir, "pg-data", "pg");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function postmasterPid(): Promise<number> {
  const text = await readFile(path.join(pgData(), "postmaster.pid"), "utf8").catch(() => "");
  return Number(text.split("\n")[0]) || 0;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Fast shutdown, as `pg_ctl stop -m fast` (or a system shutdown) does. */
async function stopPostgres(): Promise<void> {
  const pid = await postmasterPid();
  if (pid > 0 && alive(pid)) process.kill(pid, "SIGINT");
  await until(() => !alive(pid) && !existsSync(path.join(pgData(), "postmaster.pid")), "PostgreSQL to stop");
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "cachetrail-pg-stopped-"));
  await chmod(dir, 0o755); // PostgreSQL runs as the postgres user, which must reach its data directory

  logs = path.join(dir, "logs");
  await writeLogs(logs, 31);
  server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg-data"), preferredPort: await freePort() });
  url = server.url;
  await applyMigrations(url);
  prisma = createPrismaClient(url, 2);
}, 180_000);
afterAll(async () => {
  killAll();
  await prisma?.$disconnect().catch(() => {});
  await server?.release().catch(() => {});
  if ((await postmasterPid()) > 0) await stopPostgres().catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

async function storedEvents(): Promise<number> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM event");
    return rows[0]!.n;
  } catch {
    return -1;
  } finally {
    await client.end().catch(() => {});
  }
}

describe("PostgreSQL stopped mid-ingest", () => {
  it("the CLI waits for it, sends the lost batch again, and stores every event exactly once", async () => {
    const child = track(
      spawn(process.execPath, ["scripts/launch.mjs", "scripts/ingest.ts", "--json", logs], {
        env: { ...process.env, DATABASE_URL: url, INGEST_DB_RETRY_SECONDS: "300" },
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));

    await until(async () => (await storedEvents()) >= PER_FILE, "the first file's events to be stored");
    await prisma!.$disconnect();
    await stopPostgres();
    // A clear message, and the process keeps going.
    await until(() => stderr.includes("The database is unreachable; trying again in"), "the CLI to say so").catch(
      (error: Error) => {
        throw new Error(`${error.message}; the CLI (exit ${child.exitCode}) wrote: ${stderr.slice(-3000)} ${stdout}`);
      },
    );
    expect(child.exitCode).toBeNull();

    // Started again on the same data and port (its data directory's credentials keep the port).
    const restarted = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg-data"), preferredPort: 0 });
    expect(restarted.url).toBe(url);
    await restarted.release(); // the first handle's lease keeps it running
    prisma = createPrismaClient(url, 2);

    expect(await exited(child)).toBe(0);
    const result = JSON.parse(stdout) as { status: string; files: { stored: number; outcome: string }[] };
    expect(result.status).toBe("succeeded");
    expect(result.files.map((f) => f.outcome)).toEqual(Array(FILES).fill("ok"));
    expect(await prisma.event.count()).toBe(FILES * PER_FILE);
    expect(result.files.reduce((n, f) => n + f.stored, 0)).toBe(FILES * PER_FILE);
    await expectConsistent(prisma);
  });
});
