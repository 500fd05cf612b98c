import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normaliseRecord } from "@/lib/cloudtrail/normalise";
import type { NormalisedEvent } from "@/lib/cloudtrail/types";
import { createPrismaClient } from "@/lib/db/create-client";
import { getEvent } from "@/lib/events/detail";
import { listEvents } from "@/lib/events/queries";
import { encodeRecord } from "@/lib/events/record-codec";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { storeEvents } from "@/lib/ingest/store";
import { iamUser, testRecord } from "../fixtures/event-records";
import { migrationDatabase, type MigrationDatabase } from "../helpers/migration-database";

// EventIDs that are lower-case UUIDs — every one CloudTrail writes — are kept only as event.event_key
// (uuid; issue 19, disk per event); any other id stays text in event.event_id. The migration runs
// here on rows stored in the old layout, as on an existing install, then the ingest stores more:
// every event gives back exactly the id it was read with, and exactly-once holds in both forms.

const FIRST = "20261210100000_event_id_uuid";
const UUID = "8d1b6f4a-3c2e-4f5a-9b7c-0123456789ab";
const UPPER = UUID.toUpperCase(); // another id as far as CloudTrail's text goes: stays text
const OLD_IDS = [UUID, UPPER, "evt-1", "{8d1b6f4a-3c2e-4f5a-9b7c-0123456789ac}"];
const NEW_UUID = "0f0e0d0c-0b0a-4909-8807-060504030201";
const HOSTILE = "évt\u00a0'); DROP TABLE event; --";

let db: MigrationDatabase;
let client: pg.Client;
let prisma: PrismaClient;

function event(eventId: string, minute: number): NormalisedEvent {
  const r = normaliseRecord(
    testRecord({
      userIdentity: iamUser("bob"),
      eventTime: new Date(Date.UTC(2025, 0, 2, 0, minute)).toISOString(),
      eventID: eventId,
    }),
  );
  if (!r.ok) throw new Error("record refused");
  return r.event;
}

const store = async (ids: string[]) =>
  storeEvents(
    prisma,
    ids.map((id, i) => event(id, i)),
    { runId: null, fileId: null },
  );

beforeAll(async () => {
  db = await migrationDatabase("eventuuid", FIRST);
  client = db.client;
  await db.migrateBefore();
  const actor = await client.query<{ id: string }>(
    `INSERT INTO actor (key, type, name, first_seen, last_seen) VALUES ('k', 'IAMUser', 'alice', now(), now()) RETURNING id`,
  );
  for (const [i, eventId] of OLD_IDS.entries()) {
    await client.query(
      `INSERT INTO event (event_id, event_time, event_name, aws_region, account_id, read_only, user_agent_family,
         actor_id, record_data, search_text)
       VALUES ($1, $2, 'DescribeCacheClusters', 'us-east-1', '111122223333', true, 'cli', $3, $4, '')`,
      [
        eventId,
        new Date(Date.UTC(2025, 0, 1, 0, i)),
        actor.rows[0]!.id,
        encodeRecord(JSON.stringify({ eventID: eventId, eventTime: "2025-01-01T00:00:00Z" })),
      ],
    );
  }
  await db.migrateFrom();
  prisma = createPrismaClient(db.url, 2);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe("eventIDs as uuid", () => {
  it("move lower-case UUIDs to event_key and keep every other id as text, none lost", async () => {
    const rows = await client.query<{ event_id: string | null; event_key: string | null }>(
      `SELECT event_id, event_key::text FROM event ORDER BY event_time`,
    );
    expect(rows.rows).toEqual([
      { event_id: null, event_key: UUID },
      { event_id: UPPER, event_key: null },
      { event_id: "evt-1", event_key: null },
      { event_id: OLD_IDS[3], event_key: null },
    ]);
  });

  it("store each new id once, whichever form it is kept in, and skip the ones already stored", async () => {
    // Already stored (old rows, both forms) and new ones, one of them twice in the batch.
    const first = await store([UUID, "evt-1", NEW_UUID, HOSTILE, NEW_UUID, UPPER]);
    expect(first).toEqual({ stored: 2, duplicates: 4 });
    expect(await store([NEW_UUID, HOSTILE, UUID])).toEqual({ stored: 0, duplicates: 3 });
    const rows = await client.query<{ event_id: string | null; event_key: string | null }>(
      `SELECT event_id, event_key::text FROM event WHERE ingest_run_id IS NULL AND event_time >= '2025-01-02'`,
    );
    expect(rows.rows.sort((a, b) => String(a.event_id).localeCompare(String(b.event_id)))).toEqual([
      { event_id: HOSTILE, event_key: null },
      { event_id: null, event_key: NEW_UUID },
    ]);
  });

  it("give every event its id back on its page, in the list and through free text", async () => {
    const all = [...OLD_IDS, NEW_UUID, HOSTILE];
    for (const id of all) {
      expect((await getEvent(prisma, id))?.detail.eventId).toBe(id);
      expect((await listEvents(prisma, { q: id })).events.map((e) => e.eventId)).toEqual([id]);
    }
    const listed = (await listEvents(prisma, {})).events.map((e) => e.eventId);
    expect(listed.sort()).toEqual([...all].sort());
    // An id that differs from a stored UUID only in case is another id.
    expect(await getEvent(prisma, UUID.replace("8d1b", "8D1B"))).toBeNull();
  });

  it("refuse a lower-case UUID kept as text, and an event without an id", async () => {
    await expect(
      client.query(`UPDATE event SET event_id = event_key::text, event_key = NULL WHERE event_key IS NOT NULL`),
    ).rejects.toThrow(/event_event_key_check/);
    await expect(client.query(`UPDATE event SET event_id = NULL WHERE event_id = 'evt-1'`)).rejects.toThrow(
      /event_event_key_check/,
    );
    await expect(
      client.query(`UPDATE event SET event_key = $1::uuid WHERE event_id = 'evt-1'`, [NEW_UUID]),
    ).rejects.toThrow(/event_event_key_check/);
  });
});
