import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getEvents } from "@/app/api/events/route";
import { GET as getResources } from "@/app/api/resources/route";
import { problemBodySchema } from "@/lib/api/problem";
import { setClientForTests } from "@/lib/db/client";
import { createPrismaClient, poolOf } from "@/lib/db/create-client";
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
