import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normaliseRecord } from "@/lib/cloudtrail/normalise";
import { createPrismaClient } from "@/lib/db/create-client";
import { getEvent, getRelatedEvents } from "@/lib/events/detail";
import { listEvents } from "@/lib/events/queries";
import { encodeRecord } from "@/lib/events/record-codec";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { migrationDatabase, type MigrationDatabase } from "../helpers/migration-database";
import { storeEvents } from "@/lib/ingest/store";
import { requestKey } from "@/lib/events/request-id";

// Request ids that are lower-case UUIDs are kept only as event.request_key (uuid; issue 19, disk
// per event); every other id stays text, keyed by its MD5. The migration runs here on rows stored in the old layout, as on an
// existing install, and new rows are stored by the ingest's move: either way each event gives
// back exactly the id it was read with, and the same-request list and free text find it.

let db: MigrationDatabase;
let client: pg.Client;
let prisma: PrismaClient;

const UUID = "8d1b6f4a-3c2e-4f5a-9b7c-0123456789ab";
const UPPER = "8D1B6F4A-3C2E-4F5A-9B7C-0123456789AB"; // not the canonical text: stays text
const S3_STYLE = "9A1F0C3E5B7D2E4F";
const OTHER = "req-é\u00a0x"; // not ASCII: the MD5 is of its UTF-8 bytes in both places
// [eventID, requestID] stored in the old layout; two share each of the first two ids.
const OLD: [string, string | null][] = [
  ["old-1", UUID],
  ["old-2", UUID],
  ["old-3", UPPER],
  ["old-4", S3_STYLE],
  ["old-5", S3_STYLE],
  ["old-6", null],
];
// Stored after the migration through the ingest: one joins the old rows' request.
const NEW: [string, string | null][] = [
  ["new-1", UUID],
  ["new-2", OTHER],
  ["new-3", null],
];

beforeAll(async () => {
  db = await migrationDatabase("requuid", "20261209130000_event_request_uuid");
  client = db.client;
  await db.migrateBefore();
  const actor = await client.query<{ id: string }>(
    `INSERT INTO actor (key, type, name, first_seen, last_seen) VALUES ('k', 'IAMUser', 'alice', now(), now()) RETURNING id`,
  );
  for (const [i, [eventId, requestId]] of OLD.entries()) {
    const record = { eventID: eventId, requestID: requestId, eventTime: "2025-01-01T00:00:00Z" };
    await client.query(
      `INSERT INTO event (event_id, event_time, event_name, aws_region, account_id, read_only, request_id,
         user_agent_family, actor_id, record_data, search_text, ingest_run_id)
       VALUES ($1, $2, 'DescribeCacheClusters', 'us-east-1', '111122223333', true, $3, 'cli', $4, $5, '', NULL)`,
      [
        eventId,
        new Date(Date.UTC(2025, 0, 1, 0, i)),
        requestId,
        actor.rows[0]!.id,
        encodeRecord(JSON.stringify(record)),
      ],
    );
  }
  await db.migrateFrom();
  prisma = createPrismaClient(db.url, 2);
  const events = NEW.map(([eventId, requestId], i) => {
    const r = normaliseRecord({
      eventVersion: "1.09",
      eventTime: new Date(Date.UTC(2025, 0, 2, 0, i)).toISOString(),
      eventSource: "elasticache.amazonaws.com",
      eventName: "DescribeCacheClusters",
      awsRegion: "us-east-1",
      userIdentity: {
        type: "IAMUser",
        principalId: "AIDA1",
        arn: "arn:aws:iam::111122223333:user/bob",
        accountId: "111122223333",
        userName: "bob",
      },
      eventID: eventId,
      ...(requestId === null ? {} : { requestID: requestId }),
      readOnly: true,
      recipientAccountId: "111122223333",
    });
    if (!r.ok) throw new Error("record refused");
    return r.event;
  });
  expect((await storeEvents(prisma, events, { runId: null, fileId: null })).stored).toBe(NEW.length);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe("request ids as uuid", () => {
  it("key lower-case UUIDs by themselves with no text, every other id by the MD5 of its text, none lost", async () => {
    const rows = await client.query<{ event_id: string; request_id: string | null; request_key: string | null }>(
      `SELECT event_id, request_id, request_key::text FROM event ORDER BY event_id`,
    );
    expect(rows.rows).toEqual([
      { event_id: "new-1", request_id: null, request_key: UUID },
      { event_id: "new-2", request_id: OTHER, request_key: requestKey(OTHER) },
      { event_id: "new-3", request_id: null, request_key: null },
      { event_id: "old-1", request_id: null, request_key: UUID },
      { event_id: "old-2", request_id: null, request_key: UUID },
      { event_id: "old-3", request_id: UPPER, request_key: requestKey(UPPER) },
      { event_id: "old-4", request_id: S3_STYLE, request_key: requestKey(S3_STYLE) },
      { event_id: "old-5", request_id: S3_STYLE, request_key: requestKey(S3_STYLE) },
      { event_id: "old-6", request_id: null, request_key: null },
    ]);
    // Node's key is PostgreSQL's, so lookups computed in Node find what the move and the migration stored.
    const pgKeys = await client.query<{ key: string }>(`SELECT md5($1)::uuid::text AS key`, [OTHER]);
    expect(pgKeys.rows[0]!.key).toBe(requestKey(OTHER));
  });

  it("give every event its request id back and list the other events of the same request", async () => {
    const sameRequest: Record<string, string[]> = {};
    for (const [eventId, requestId] of [...OLD, ...NEW]) {
      const found = await getEvent(prisma, eventId);
      expect(found?.detail.requestId).toBe(requestId);
      const related = await getRelatedEvents(prisma, found!.anchor);
      sameRequest[eventId] = related.sameRequest.map((e) => e.eventId);
    }
    expect(sameRequest).toEqual({
      "old-1": ["old-2", "new-1"],
      "old-2": ["old-1", "new-1"],
      "old-3": [],
      "old-4": ["old-5"],
      "old-5": ["old-4"],
      "old-6": [],
      "new-1": ["old-1", "old-2"],
      "new-2": [],
      "new-3": [],
    });
  });

  it("find a request's events by free text, exactly as typed", async () => {
    const found = async (q: string) => (await listEvents(prisma, { q })).events.map((r) => r.eventId).sort();
    expect(await found(UUID)).toEqual(["new-1", "old-1", "old-2"]);
    expect(await found(UPPER)).toEqual(["old-3"]);
    expect(await found(S3_STYLE)).toEqual(["old-4", "old-5"]);
    expect(await found(OTHER)).toEqual(["new-2"]);
  });

  it("tell a text id from a UUID that happens to be its key", async () => {
    // A lower-case UUID equal to the MD5 key of a text id: the key matches, the text does not.
    await client.query(`UPDATE event SET request_key = $1::uuid, request_id = NULL WHERE event_id = 'new-3'`, [
      requestKey(S3_STYLE),
    ]);
    const found = async (q: string) => (await listEvents(prisma, { q })).events.map((r) => r.eventId).sort();
    expect(await found(requestKey(S3_STYLE))).toEqual(["new-3"]);
    expect(await found(S3_STYLE)).toEqual(["old-4", "old-5"]);
  });

  it("refuse a text id stored without its key", async () => {
    await expect(client.query(`UPDATE event SET request_key = NULL WHERE event_id = 'old-4'`)).rejects.toThrow(
      /event_request_key_check/,
    );
    await expect(client.query(`UPDATE event SET request_id = 'x' WHERE event_id = 'old-1'`)).rejects.toThrow(
      /event_request_key_check/,
    );
  });
});
