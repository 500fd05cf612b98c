import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log/logger";

// One pg pool per database, shared by Prisma (through the driver adapter) and by the few
// places that need the driver itself: the ingest's COPY path (lib/ingest/store.ts).
//
// Every connection is bounded in time, so one stuck query or client cannot hold the pool:
// waiting for a connection gives up after `acquireTimeoutMs` (the API answers 503, see
// lib/db/unavailable.ts), a statement after `statementTimeoutMs` (the ingest's own writes and
// the count queries set their own, lib/ingest/store.ts and withTimeout), and a transaction left
// idle (a process paused or a bug between two statements) is ended by PostgreSQL after
// `idleInTransactionTimeoutMs`, releasing its locks.

export interface PoolOptions {
  poolSize?: number;
  /** Waiting for a free connection; 0 = forever. */
  acquireTimeoutMs?: number;
  /** statement_timeout of every connection; 0 = none. */
  statementTimeoutMs?: number;
  idleInTransactionTimeoutMs?: number;
}

export const POOL_DEFAULTS = {
  poolSize: 10,
  acquireTimeoutMs: 15_000,
  statementTimeoutMs: 0, // scripts and workers; the web app sets CACHETRAIL_DB_STATEMENT_TIMEOUT_SECONDS (lib/db/client.ts)
  idleInTransactionTimeoutMs: 60_000,
} as const satisfies Required<PoolOptions>;

const CLIENTS = Symbol.for("cachetrail.prisma-clients");

/** What createPrismaClient knows of each client it made: its pool, and Prisma's client once constructed. */
interface MadeClient {
  pool: pg.Pool;
  constructed(): PrismaClient | undefined;
}

// One map per process, not per module instance: Next.js bundles this module into more than one
// server chunk (pages and route handlers), and a client made in one must be found from the other.
const globalClients = globalThis as typeof globalThis & { [CLIENTS]?: WeakMap<PrismaClient, MadeClient> };
const clients = (globalClients[CLIENTS] ??= new WeakMap<PrismaClient, MadeClient>());

/** A Prisma client on the pg driver adapter: no native query engine needed. A number is the pool size. */
export function createPrismaClient(databaseUrl: string, options: number | PoolOptions = {}): PrismaClient {
  const o = { ...POOL_DEFAULTS, ...(typeof options === "number" ? { poolSize: options } : options) };
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: o.poolSize,
    connectionTimeoutMillis: o.acquireTimeoutMs,
    statement_timeout: o.statementTimeoutMs,
    idle_in_transaction_session_timeout: o.idleInTransactionTimeoutMs,
  });
  // An idle connection that PostgreSQL closes (a restart, a dropped database) is reported on the
  // pool; unheard, that 'error' event would end the process. The pool replaces the connection.
  pool.on("error", (error) =>
    logger.warn({ err: { message: error.message } }, "A database connection was closed by the server"),
  );
  // A connection lost while checked out (PostgreSQL stopped mid-transaction) emits 'error' on its
  // client, which has no listener then: without this one the process would crash. The query in
  // flight still fails with the error, and the caller decides (ingest waits and sends it again).
  pool.on("connect", (client) => client.on("error", () => {}));
  let made: PrismaClient | undefined;
  const prisma = constructedOnUse(
    () => (made ??= new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) })),
  );
  clients.set(prisma, { pool, constructed: () => made });
  return prisma;
}

/**
 * A client whose construction waits for its first use. Constructing one costs ~40 ms of CPU and the
 * garbage it leaves (Prisma reads its whole query schema), and a command line's ingest never uses it:
 * its COPY path and bookkeeping use the pool alone (docs/benchmarks.md, session 27).
 */
function constructedOnUse(construct: () => PrismaClient): PrismaClient {
  return new Proxy({} as PrismaClient, {
    get(_, key) {
      const client = construct();
      const value: unknown = Reflect.get(client, key, client);
      return typeof value === "function" ? value.bind(client) : value;
    },
  });
}

/** The pg pool under a client made by createPrismaClient. */
export function poolOf(prisma: PrismaClient): pg.Pool {
  const made = clients.get(prisma);
  if (!made) throw new Error("This Prisma client was not created by createPrismaClient");
  return made.pool;
}

/**
 * Ends a client made by createPrismaClient and its pool. Prisma ends the pool only if it ran a query
 * of its own: a process that used the pool alone (the ingest's COPY path, its bookkeeping in plain
 * SQL) kept its connections open until PostgreSQL closed them, and an embedded server stopped
 * behind it logged each one as "closed by the server".
 */
export async function closePrismaClient(prisma: PrismaClient): Promise<void> {
  const made = clients.get(prisma);
  // A client never used was never constructed: nothing of Prisma's to end.
  await made?.constructed()?.$disconnect();
  if (made && !made.pool.ended) await made.pool.end();
}
