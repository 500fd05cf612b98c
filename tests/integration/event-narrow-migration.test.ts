import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/create-client";
import { getEvent } from "@/lib/events/detail";
import { encodeRecord } from "@/lib/events/record-codec";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { migrationDatabase, type MigrationDatabase } from "../helpers/migration-database";

// An install upgraded across the disk-per-event migrations (issue 19) keeps every event as it was:
// event_source/version/type and vpc_endpoint_id are read from the record, the userAgent text moves
// to user_agent. The migrations run here on rows stored in the old layout, as on an existing install.

let db: MigrationDatabase;
let client: pg.Client;
let prisma: PrismaClient;

const LONG_AGENT = `Boto3/1.34.0 ${"x".repeat(5000)}`; // longer than a B-tree entry may be
const records = [
  {
    eventID: "old-1",
    eventSource: "elasticache.amazonaws.com",
    eventVersion: "1.09",
    eventType: "AwsApiCall",
    vpcEndpointId: "vpce-0123",
    userAgent: "aws-cli/2.15.0",
  },
  { eventID: "old-2", eventSource: "elasticache.amazonaws.com", eventVersion: "1.08", userAgent: "aws-cli/2.15.0" },
  { eventID: "old-3", eventSource: "", userAgent: LONG_AGENT },
  { eventID: "old-4", eventSource: "elasticache.amazonaws.com" },
];

beforeAll(async () => {
  db = await migrationDatabase("narrow", "20261208130000_event_narrow");
  client = db.client;
  await db.migrateBefore();
  const actor = await client.query<{ id: string }>(
    `INSERT INTO actor (key, type, name, first_seen, last_seen) VALUES ('k', 'IAMUser', 'alice', now(), now()) RETURNING id`,
  );
  await client.query(`INSERT INTO resource (account_id, region, kind, resource_id, first_seen, last_seen)
    VALUES ('111122223333', 'us-east-1', 'cache-cluster', 'c1', now(), now())`);
  for (const [i, r] of records.entries()) {
    const record = { ...r, eventTime: "2025-01-01T00:00:00Z", eventName: "ModifyCacheCluster", awsRegion: "us-east-1" };
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO event (event_id, event_time, event_name, event_source, event_version, event_type, aws_region,
         account_id, read_only, request_id, user_agent, user_agent_family, vpc_endpoint_id, actor_id, record_data,
         search_text)
       VALUES ($1, $2, 'ModifyCacheCluster', $3, $4, $5, 'us-east-1', '111122223333', false, $6, $7, 'cli', $8, $9,
         $10, '') RETURNING id`,
      [
        r.eventID,
        new Date(Date.UTC(2025, 0, 1, 0, i)),
        r.eventSource,
        r.eventVersion ?? null,
        r.eventType ?? null,
        `req-${i % 2}`,
        r.userAgent ?? null,
        r.vpcEndpointId ?? null,
        actor.rows[0]!.id,
        encodeRecord(JSON.stringify(record)),
      ],
    );
    await client.query(
      `INSERT INTO event_resource (event_id, resource_id, role, event_time)
       SELECT $1, id, 'target', now() FROM resource`,
      [inserted.rows[0]!.id],
    );
  }
  await db.migrateFrom();
  prisma = createPrismaClient(db.url, 2);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe("the disk-per-event migrations on an existing install", () => {
  it("keep every event's source, version, type, VPC endpoint and user agent as the event page shows them", async () => {
    for (const r of records) {
      const found = await getEvent(prisma, r.eventID);
      expect(found?.detail).toMatchObject({
        eventSource: r.eventSource,
        eventVersion: r.eventVersion ?? null,
        eventType: r.eventType ?? null,
        vpcEndpointId: r.vpcEndpointId ?? null,
        userAgent: r.userAgent ?? null,
      });
    }
  });

  it("store each distinct user agent once, however long", async () => {
    const agents = await client.query<{ text: string; events: number }>(
      `SELECT u.text, count(e.id)::int AS events FROM user_agent u LEFT JOIN event e ON e.user_agent_id = u.id
       GROUP BY u.text ORDER BY u.text`,
    );
    expect(agents.rows).toEqual([
      { text: LONG_AGENT, events: 1 },
      { text: "aws-cli/2.15.0", events: 2 },
    ]);
  });

  // The key it re-ordered is dropped by a later migration (event-resource-key-migration.test.ts).
  it("keep every event_resource row, and the same-request lookup working", async () => {
    expect((await client.query("SELECT 1 FROM event_resource")).rowCount).toBe(records.length);
    const same = await client.query<{ event_id: string }>(
      `SELECT event_id FROM event WHERE request_id = 'req-0' ORDER BY event_id`,
    );
    expect(same.rows.map((r) => r.event_id)).toEqual(["old-1", "old-3"]);
  });
});
