// Which failures mean "the database cannot answer right now" rather than a bug: a statement
// cancelled by statement_timeout, no free connection within the acquire timeout, a transaction
// that could not start or ran out of time, a connection refused or lost (PostgreSQL restarting).
// The API door answers those with 503 and Retry-After instead of a 500. Pure: no I/O.

const UNAVAILABLE_SQLSTATES = new Set([
  "57014", // query_canceled (statement_timeout)
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, shutting down)
  "53300", // too_many_connections
  "25P03", // idle_in_transaction_session_timeout
  "08000",
  "08003",
  "08006", // connection exceptions
]);

/** Prisma's codes for "could not start the transaction in time" and "transaction closed (timeout)". */
const PRISMA_UNAVAILABLE = new Set(["P2024", "P2028", "P1001", "P1017"]);

const MESSAGES = new RegExp(
  [
    "timeout exceeded when trying to connect",
    "Connection terminated",
    "ECONNREFUSED",
    "connect ENOENT", // a stopped server's Unix socket is gone
    "ECONNRESET",
    "statement timeout",
    "Unable to start a transaction in the given time",
    "Transaction already closed",
  ].join("|"),
  "i",
);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const x = e as { code?: unknown; meta?: { code?: unknown }; message?: unknown; cause?: unknown; errno?: unknown };
    const codes = [x.code, x.meta?.code];
    if (codes.some((c) => typeof c === "string" && (UNAVAILABLE_SQLSTATES.has(c) || PRISMA_UNAVAILABLE.has(c))))
      return true;
    if (typeof x.message === "string" && MESSAGES.test(x.message)) return true;
    e = x.cause;
  }
  return false;
}

/** What the client is told: the database is busy or restarting, try again. */
export const UNAVAILABLE_MESSAGE =
  "The database is busy or restarting and could not answer in time — try again in a few seconds.";
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * The connection itself is gone or refused (PostgreSQL stopped, restarting, or out of
 * connections): the work never reached the database, or its transaction was rolled back, so it
 * may be sent again once the server is back. A statement timeout is not one of these: sending the
 * same statement again would time out again.
 */
const CONNECTION_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300", "08000", "08001", "08003", "08004", "08006"]);
const CONNECTION_MESSAGES = new RegExp(
  [
    "ECONNREFUSED",
    "connect ENOENT",
    "ECONNRESET",
    "EPIPE",
    "Connection terminated",
    "terminating connection",
    "the database system is (starting up|shutting down)",
    "Client has encountered a connection error",
    "timeout exceeded when trying to connect",
    "Can't reach database server",
  ].join("|"),
  "i",
);

export function isConnectionLost(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const x = e as { code?: unknown; meta?: { code?: unknown }; message?: unknown; cause?: unknown };
    const codes = [x.code, x.meta?.code];
    if (codes.some((c) => typeof c === "string" && (CONNECTION_SQLSTATES.has(c) || c === "P1001" || c === "P1017")))
      return true;
    if (typeof x.message === "string" && CONNECTION_MESSAGES.test(x.message)) return true;
    e = x.cause;
  }
  return false;
}

export interface RetryOptions {
  /** Give up (rethrow the last error) after this many milliseconds without a connection. */
  maxWaitMs: number;
  signal?: AbortSignal;
  /** Told each time the database was unreachable and when the next attempt is. */
  onRetry?: (error: unknown, waitMs: number, attempt: number) => void;
  /** First wait; doubled on each attempt up to 5 s. */
  firstWaitMs?: number;
}

/**
 * Runs `work` again while the database connection is lost (see isConnectionLost), waiting a
 * little longer each time, until it succeeds, fails otherwise, or maxWaitMs have passed.
 */
export async function retryWhileConnectionLost<T>(work: () => Promise<T>, options: RetryOptions): Promise<T> {
  const deadline = Date.now() + options.maxWaitMs;
  let wait = options.firstWaitMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isConnectionLost(error) || options.signal?.aborted || Date.now() + wait > deadline) throw error;
      options.onRetry?.(error, wait, attempt);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        options.signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
      });
      wait = Math.min(wait * 2, 5_000);
    }
  }
}
