import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/create-client";
import { listEvents } from "@/lib/events/queries";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getSecurity } from "@/lib/security/queries";
import { migrationDatabase, type MigrationDatabase } from "../helpers/migration-database";

// security_event with the event's account and region as an account_region id, and without its (event_id, flag)
// key (issue 19, session 20, migration 20261212133000): the flagged calls an install kept
// stay listed and counted under their flag, scoped by the event's account, and the explorer's flag filter still
// finds them.

const FIRST = "20261212133000_security_event_account_region";
const NOW = new Date(Date.UTC(2025, 0, 2));

let db: MigrationDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await migrationDatabase("secnarrow", FIRST);
  await db.migrateBefore();
  prisma = createPrismaClient(db.url, 2);
  // The layout an install has before (written in SQL: today's ingest writes the new one): two deletions in
  // two accounts, flagged with the copies of their account and region.
  await db.client.query(
    `INSERT INTO actor (key, type, name, first_seen, last_seen) VALUES ('IAMUser|alice', 'IAMUser', 'alice', $1, $1)`,
    [new Date(Date.UTC(2025, 0, 1))],
  );
  await db.client.query(
    `INSERT INTO event (event_id, event_time, event_name, aws_region, account_id, read_only, user_agent_family,
       actor_id, search_text, record)
     SELECT v.id, v.t::timestamptz, 'DeleteCacheCluster', 'us-east-1', v.account, false, 'aws-cli', a.id, '', '{}'::jsonb
     FROM actor a, (VALUES ('a-1', '2025-01-01T00:00:00Z', '111122223333'),
                           ('b-1', '2025-01-01T00:01:00Z', '444455556666')) AS v(id, t, account)`,
  );
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
