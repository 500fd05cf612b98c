import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { estimateEvents } from "@/lib/events/queries";
import { finishRun, startRun } from "@/lib/ingest/runs";
import { refreshPlannerStatistics } from "@/lib/ingest/statistics";
import { generateElastiCacheRecords } from "@/tools/corpus";
import { storeRecords } from "@/tests/fixtures/store-records";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// "1,000+ events (about 15,840)" right after `npm run demo` stored 8,003: the estimate came
// from a table the planner had never analysed. Closing a run that grew the table analyses it.

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});

afterAll(async () => {
  await t?.drop();
});

const unfiltered = () => estimateEvents(t.prisma, Prisma.raw("event e"), Prisma.empty);

describe("planner statistics after an ingest", () => {
  it("closing a run that stored many events makes the explorer's estimate the real count", async () => {
    const run = await startRun(t.prisma, { kind: "cli", name: "statistics" });
    const { stored } = await storeRecords(
      t.prisma,
      generateElastiCacheRecords(3_000, 9, new Date(Date.UTC(2025, 0, 1))),
    );
    expect(stored).toBe(3_000);
    await finishRun(t.prisma, run, [
      { outcome: "ok", bytes: 1, recordsRead: stored, stored, duplicates: 0, skipped: 0, rejected: 0 },
    ]);
    expect(await unfiltered()).toBe(3_000);
  });

  it("leaves statistics to autovacuum after a small ingest", async () => {
    expect(await refreshPlannerStatistics(t.prisma, 999)).toBe(false);
    expect(await refreshPlannerStatistics(t.prisma, 1_000)).toBe(true);
  });
});
