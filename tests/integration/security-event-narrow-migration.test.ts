import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normaliseRecord } from "@/lib/cloudtrail/normalise";
import type { NormalisedEvent } from "@/lib/cloudtrail/types";
import { createPrismaClient } from "@/lib/db/create-client";
import { listEvents } from "@/lib/events/queries";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { storeEvents } from "@/lib/ingest/store";
import { getSecurity } from "@/lib/security/queries";
import { testRecord } from "../fixtures/event-records";
import { migrationDatabase, type MigrationDatabase } from "../helpers/migration-database";

// security_event without its copies of the event's account and region, and without its (event_id, flag)
// key (issue 19, session 20): the flagged calls an install kept stay listed and counted under their flag,
// scoped by the event's account, and the explorer's flag filter still finds them.

const FIRST = "20261212131000_security_event_narrow";
const NOW = new Date(Date.UTC(2025, 0, 2));

let db: MigrationDatabase;
let prisma: PrismaClient;

function event(eventId: string, account: string, minute: number): NormalisedEvent {
  const r = normaliseRecord(
    testRecord({
      eventID: eventId,
      recipientAccountId: account,
      eventTime: new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString(),
    }),
  );
  if (!r.ok) throw new Error("record refused");
  return r.event;
}

beforeAll(async () => {
  db = await migrationDatabase("secnarrow", FIRST);
  await db.migrateBefore();
  prisma = createPrismaClient(db.url, 2);
  // Describe calls carry no flag, so the ingest writes no security_event row in the old layout; the rows an
  // install kept are written here, with the copies the old layout had.
  expect(
    await storeEvents(prisma, [event("a-1", "111122223333", 0), event("b-1", "444455556666", 1)], {
      runId: null,
      fileId: null,
    }),
  ).toEqual({ stored: 2, duplicates: 0 });
  await db.client.query(
    `INSERT INTO security_event (event_id, flag, event_time, account_id, aws_region)
     SELECT id, 'destructive', event_time, account_id, aws_region FROM event`,
  );
  await db.migrateFrom();
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe("security_event without the event's account and region", () => {
  it("keeps the flagged calls an install had, counted and listed per account", async () => {
    const all = await getSecurity(prisma, { range: "all" }, NOW);
    const destructive = all.lists.find((l) => l.flag === "destructive");
    expect([destructive?.count, destructive?.latest.map((e) => e.eventId)]).toEqual([2, ["b-1", "a-1"]]);
    const one = await getSecurity(prisma, { range: "all", account: ["444455556666"] }, NOW);
    const scoped = one.lists.find((l) => l.flag === "destructive");
    expect([scoped?.count, scoped?.latest.map((e) => [e.eventId, e.accountId, e.flags])]).toEqual([
      1,
      [["b-1", "444455556666", ["destructive"]]],
    ]);
  });

  it("finds them by flag in the explorer", async () => {
    const page = await listEvents(prisma, { flag: "destructive", account: ["111122223333"] });
    expect(page.events.map((e) => e.eventId)).toEqual(["a-1"]);
    expect((await listEvents(prisma, { flag: "failover" })).events).toEqual([]);
  });
});
