import pino from "pino";

// The one structured logger: JSON lines on stderr, one object per event, so a log shipper can
// index them by field (requestId, resourceRowId, err) instead of parsing prose. stderr, because
// the engine also runs inside CLIs whose stdout is their answer (`npm run ingest -- --json`).
// API routes get a child that carries their request id (lib/api/handler.ts); background work
// makes a child naming itself. No transports: those run in worker threads that a bundled
// server cannot always start, and stderr is what every process manager collects anyway.
// It does not read lib/env: modules that log are imported by tests that set the environment
// before lib/env is first imported (tests/integration/ingest-api.test.ts).

export type Logger = pino.Logger;

export const logger: Logger = pino(
  {
    level: "info",
    base: { app: "cachetrail" },
    // Error objects under `err` keep their stack, type and cause.
    serializers: { err: pino.stdSerializers.errWithCause },
  },
  pino.destination(2),
);
