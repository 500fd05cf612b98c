import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getEvents } from "@/app/api/events/route";
import { GET as getResources } from "@/app/api/resources/route";
import { problemBodySchema } from "@/lib/api/problem";
import { setClientForTests } from "@/lib/db/client";
import { createPrismaClient, poolOf } from "@/lib/db/create-client";
import { eventFiltersSchema } from "@/lib/events/filters";
import { countEvents, isStatementTimeout } from "@/lib/events/queries";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { testRecord } from "@/tests/fixtures/event-records";
import { storeRecords } from "@/tests/fixtures/store-records";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { get, testToken } from "../helpers/routes";

// A database that cannot answer in time — every connection taken, or a statement over its
// timeout — is a 503 with Retry-After and a sentence, never a 500; counts that time out are
// shown as estimates ("counts unavailable"), not errors.

let t: TestDatabase;
let busy: PrismaClient;
// Made before the pool is starved: signing in needs the database too.
let auth: Record<string, string>;
beforeAll(async () => {
  t = await createTestDatabase();
  await storeRecords(
    t.prisma,
    Array.from({ length: 20 }, (_, i) => testRecord({ eventID: `busy-${i}` })),
  );
  auth = { authorization: `Bearer ${await testToken("admin", t.prisma)}` };
  busy = createPrismaClient(t.url, { poolSize: 1, acquireTimeoutMs: 300 });
  setClientForTests(busy);
});
afterAll(async () => {
  await busy.$disconnect();
  await t.drop();
});

async function expect503(response: Response): Promise<void> {
  const body = problemBodySchema.parse(await response.json());
  expect({
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    message: body.error.message,
  }).toEqual({
    status: 503,
    retryAfter: "5",
    message: "The database is busy or restarting and could not answer in time — try again in a few seconds.",
  });
}

describe("a database with no free connection", () => {
  it("answers 503 with Retry-After on every API, and 200 again once a connection is free", async () => {
    const held = await poolOf(busy).connect();
    try {
      await expect503(await get(getEvents, "/api/events", {}, auth));
      await expect503(await get(getResources, "/api/resources", {}, auth));
    } finally {
      held.release();
    }
    expect((await get(getEvents, "/api/events", {}, auth)).status).toBe(200);
  });
});

describe("a statement over its timeout", () => {
  it("answers 503, not 500", async () => {
    const slow = createPrismaClient(t.url, { poolSize: 2, statementTimeoutMs: 1 });
    setClientForTests(slow);
    try {
      await expect503(await get(getResources, "/api/resources?q=busy", {}, auth));
    } finally {
      setClientForTests(busy);
      await slow.$disconnect();
    }
  });
});

describe("the app's client", () => {
  it("takes its acquire and statement timeouts from the settings; transactions idle for 60 s are ended", async () => {
    const global = globalThis as { prisma?: PrismaClient };
    const saved = global.prisma;
    vi.stubEnv("DATABASE_URL", t.url);
    vi.stubEnv("CACHETRAIL_DB_ACQUIRE_TIMEOUT_SECONDS", "7");
    vi.stubEnv("CACHETRAIL_DB_STATEMENT_TIMEOUT_SECONDS", "42");
    vi.resetModules();
    global.prisma = undefined;
    try {
      const { db } = await import("@/lib/db/client");
      const { poolOf: pool } = await import("@/lib/db/create-client");
      const app = db();
      expect(pool(app).options.connectionTimeoutMillis).toBe(7_000);
      const [settings] = await app.$queryRaw<{ statement: string; idle: string }[]>`
        SELECT current_setting('statement_timeout') AS statement,
          current_setting('idle_in_transaction_session_timeout') AS idle`;
      expect(settings).toEqual({ statement: "42s", idle: "1min" });
      await app.$disconnect();
    } finally {
      global.prisma = saved;
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});

describe("a count over its time", () => {
  it("is an estimate, not an error (its statement timeout, or Prisma's transaction limit P2028)", async () => {
    // The table locked by another transaction: the count waits past its 60 ms and is cancelled.
    const holder = await poolOf(t.prisma).connect();
    await holder.query("BEGIN");
    await holder.query("LOCK TABLE event IN ACCESS EXCLUSIVE MODE");
    try {
      expect(await countEvents(t.prisma, eventFiltersSchema.parse({}), { estimate: 123 })).toEqual({
        kind: "estimate",
        value: 123,
      });
    } finally {
      await holder.query("ROLLBACK");
      holder.release();
    }
    expect(await countEvents(t.prisma, eventFiltersSchema.parse({}), { estimate: 123 })).toEqual({
      kind: "exact",
      value: 20,
    });
    expect(isStatementTimeout(Object.assign(new Error("Transaction API error"), { code: "P2028" }))).toBe(true);
    expect(isStatementTimeout(Object.assign(new Error("value overflows numeric format"), { code: "22003" }))).toBe(
      false,
    );
  });
});
