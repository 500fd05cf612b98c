import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normaliseRecord } from "@/lib/cloudtrail/normalise";
import type { NormalisedEvent } from "@/lib/cloudtrail/types";
import { createPrismaClient } from "@/lib/db/create-client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { storeEvents } from "@/lib/ingest/store";
import { getOverview } from "@/lib/overview/queries";
import { modifyRecord } from "../fixtures/event-records";
import { migrationDatabase, type MigrationDatabase } from "../helpers/migration-database";

// resource_change_rollup[_day] name the calls' account and region by account_region id (issue 19, session 20):
// the counts an install kept stay scoped by the account and region of the calls — not the resource's, which
// for a global datastore or an ARN can differ — and the ingest goes on adding to the converted rows.

const FIRST = "20261212132000_resource_change_rollup_place";
const NOW = new Date(Date.UTC(2025, 0, 10));
const ACCOUNT = "111122223333";

let db: MigrationDatabase;
let prisma: PrismaClient;

function write(eventId: string, minute: number): NormalisedEvent {
  const r = normaliseRecord(
    modifyRecord("orders-cache", {
      eventID: eventId,
      recipientAccountId: ACCOUNT,
      awsRegion: "us-east-1",
      eventTime: new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString(),
    }),
  );
  if (!r.ok) throw new Error("record refused");
  return r.event;
}

const target = write("probe", 0).resources[0]!;

async function hourRows() {
  const { rows } = await db.client.query<{ region: string; kind: string; n: number }>(
    `SELECT p.aws_region AS region, r.kind, r.event_count AS n
     FROM resource_change_rollup r JOIN account_region p ON p.id = r.account_region_id ORDER BY 1, 2`,
  );
  return rows.map((r) => [r.region, r.kind, r.n]);
}

beforeAll(async () => {
  db = await migrationDatabase("rcplace", FIRST);
  await db.migrateBefore();
  prisma = createPrismaClient(db.url, 2);
  // The old layout: the calls' account and region as text. Two modifies from us-east-1 and one from
  // eu-west-1 (as a call to a global datastore's member may come from another region) on one cluster.
  await db.client.query(
    `INSERT INTO resource (account_id, region, kind, resource_id, first_seen, last_seen)
     VALUES ($1, 'us-east-1', $2, $3, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')`,
    [ACCOUNT, target.kind, target.id],
  );
  await db.client.query(
    `INSERT INTO resource_change_rollup (hour, account_id, aws_region, resource_id, kind, event_count)
     SELECT '2025-01-01T00:00:00Z', $1, v.region, r.id, 'modify', v.n FROM resource r,
       (VALUES ('us-east-1', 2), ('eu-west-1', 1)) AS v(region, n)`,
    [ACCOUNT],
  );
  await db.client.query(
    `INSERT INTO resource_change_rollup_day (day, account_id, aws_region, resource_id, event_count, create_count,
       delete_count)
     SELECT date_trunc('day', hour, 'UTC'), account_id, aws_region, resource_id, event_count, 0, 0
     FROM resource_change_rollup`,
  );
  await db.migrateFrom();
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe("resource change rollups keyed by account_region", () => {
  it("keep the counts an install had, scoped by the calls' account and region", async () => {
    expect(await hourRows()).toEqual([
      ["eu-west-1", "modify", 1],
      ["us-east-1", "modify", 2],
    ]);
    const changed = async (region?: string) =>
      (await getOverview(prisma, { range: "30d", ...(region ? { region: [region] } : {}) }, NOW)).kpis.resourcesChanged
        .value;
    expect([
      await changed(),
      await changed("eu-west-1"),
      await changed("us-east-1"),
      await changed("ap-south-1"),
    ]).toEqual([1, 1, 1, 0]);
  });

  it("adds a later write to the converted rows", async () => {
    expect(await storeEvents(prisma, [write("new-1", 30)], { runId: null, fileId: null })).toEqual({
      stored: 1,
      duplicates: 0,
    });
    expect(await hourRows()).toEqual([
      ["eu-west-1", "modify", 1],
      ["us-east-1", "modify", 3],
    ]);
    const { rows } = await db.client.query<{ n: number; pairs: number }>(
      `SELECT (SELECT sum(event_count)::int FROM resource_change_rollup_day) AS n,
         (SELECT count(*)::int FROM account_region) AS pairs`,
    );
    expect(rows[0]).toEqual({ n: 4, pairs: 2 });
  });
});
