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
