import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normaliseRecord } from "@/lib/cloudtrail/normalise";
import type { NormalisedEvent } from "@/lib/cloudtrail/types";
import { createPrismaClient } from "@/lib/db/create-client";
import { getEvent } from "@/lib/events/detail";
import { encodeRecord } from "@/lib/events/record-codec";
import { listEvents } from "@/lib/events/queries";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { storeEvents } from "@/lib/ingest/store";
import { modifyRecord } from "../fixtures/event-records";
import { migrationDatabase, type MigrationDatabase } from "../helpers/migration-database";

// event_resource without its primary key (issue 19, disk and CPU per event): the links an install stored
// under the key stay, and the ingest still writes an event's links exactly once — because it writes them
// only with the event, which is stored once — with the resource's counters equal to its links.

const FIRST = "20261211130000_event_resource_event_index";

let db: MigrationDatabase;
let prisma: PrismaClient;

function event(eventId: string, minute: number): NormalisedEvent {
  const r = normaliseRecord(
    modifyRecord("orders-cache", {
      eventID: eventId,
      eventTime: new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString(),
      // Named twice in one call (once per parameter): still one link.
      requestParameters: { cacheClusterId: "orders-cache", cacheClusterIds: ["orders-cache"], numCacheNodes: 3 },
    }),
  );
  if (!r.ok) throw new Error("record refused");
  return r.event;
}

const store = (events: NormalisedEvent[]) => storeEvents(prisma, events, { runId: null, fileId: null });

async function linksAndCounter(): Promise<{ links: number; eventCount: number }> {
  const { rows } = await db.client.query<{ links: number; event_count: number }>(
    `SELECT (SELECT count(*)::int FROM event_resource er WHERE er.resource_id = r.id) AS links, r.event_count
     FROM resource r WHERE r.resource_id = 'orders-cache'`,
  );
  return { links: rows[0]!.links, eventCount: rows[0]!.event_count };
}

beforeAll(async () => {
  db = await migrationDatabase("erkey", FIRST);
  await db.migrateBefore();
  // Stored into the old layout (the key still in place) as the ingest of that time stored them: written by
  // hand, since today's ingest writes columns later migrations add.
  const c = db.client;
  const actor = await c.query<{ id: string }>(
    `INSERT INTO actor (key, type, name, first_seen, last_seen) VALUES ('k', 'IAMUser', 'alice', now(), now()) RETURNING id`,
  );
  const resource = await c.query<{ id: string }>(
    `INSERT INTO resource (account_id, region, kind, resource_id, first_seen, last_seen, event_count, change_count)
     VALUES ('111122223333', 'us-east-1', 'cache-cluster', 'orders-cache', $1, $2, 2, 2) RETURNING id`,
    [new Date(Date.UTC(2025, 0, 1, 0, 0)), new Date(Date.UTC(2025, 0, 1, 0, 1))],
  );
  for (const [minute, eventId] of ["old-1", "old-2"].entries()) {
    const time = new Date(Date.UTC(2025, 0, 1, 0, minute));
    const stored = await c.query<{ id: string }>(
      `INSERT INTO event (event_id, event_time, event_name, aws_region, account_id, read_only, user_agent_family,
         actor_id, record_data, search_text)
       VALUES ($1, $2, 'ModifyCacheCluster', 'us-east-1', '111122223333', false, 'cli', $3, $4, 'orders-cache')
       RETURNING id`,
      [eventId, time, actor.rows[0]!.id, encodeRecord(JSON.stringify({ eventID: eventId }))],
    );
    await c.query(
      `INSERT INTO event_resource (event_id, resource_id, role, event_time) VALUES ($1, $2, 'target', $3)`,
      [stored.rows[0]!.id, resource.rows[0]!.id, time],
    );
  }
  await db.migrateFrom();
  prisma = createPrismaClient(db.url, 2);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe("event_resource without its key", () => {
  it("keeps the links stored before: each event lists its cluster, the cluster lists each event once", async () => {
    for (const id of ["old-1", "old-2"])
      expect((await getEvent(prisma, id))?.detail.resources.map((r) => [r.resourceId, r.role])).toEqual([
        ["orders-cache", "target"],
      ]);
    expect((await listEvents(prisma, { resource: "orders-cache" })).events.map((e) => e.eventId)).toEqual([
      "old-2",
      "old-1",
    ]);
    expect(await linksAndCounter()).toEqual({ links: 2, eventCount: 2 });
  });

  it("adds no link for an event stored again, in the same batch or a later one, and one for a new event", async () => {
    expect(await store([event("old-1", 0), event("new-1", 2), event("new-1", 2)])).toEqual({
      stored: 1,
      duplicates: 2,
    });
    expect(await store([event("new-1", 2), event("old-2", 1)])).toEqual({ stored: 0, duplicates: 2 });
    expect(await linksAndCounter()).toEqual({ links: 3, eventCount: 3 });
    expect((await listEvents(prisma, { resource: "orders-cache" })).events.map((e) => e.eventId)).toEqual([
      "new-1",
      "old-2",
      "old-1",
    ]);
  });

  it("lists an event linked to the cluster in two roles (as older rules could store) once, and counts it once", async () => {
    await db.client.query(
      `INSERT INTO event_resource (event_id, resource_id, role, event_time)
       SELECT er.event_id, er.resource_id, 'member', er.event_time FROM event_resource er JOIN event e ON e.id = er.event_id
       WHERE e.event_id = 'old-2'`,
    );
    const page = await listEvents(prisma, { resource: "orders-cache" });
    expect(page.events.map((e) => e.eventId)).toEqual(["new-1", "old-2", "old-1"]);
    expect(page.total).toEqual({ kind: "exact", value: 3 });
  });

  it("still removes an event's links with the event", async () => {
    await db.client.query(`DELETE FROM event WHERE event_id = 'old-1'`);
    const { rows } = await db.client.query<{ n: number }>(`SELECT count(*)::int AS n FROM event_resource`);
    expect(rows[0]!.n).toBe(3);
  });
});
