import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db/create-client";
import { encodeRecord } from "@/lib/events/record-codec";
import { listEvents } from "@/lib/events/queries";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { migrationDatabase, type MigrationDatabase } from "../helpers/migration-database";

// Migration 20261212140000: runs stored before it get their first and last event id from event (one
// grouped pass) before the (ingest_run_id, event_time, id) index goes, so their events still list.

let db: MigrationDatabase;
let prisma: PrismaClient;
const runs: Record<"a" | "b" | "empty", string> = { a: "", b: "", empty: "" };

beforeAll(async () => {
  db = await migrationDatabase("runbounds", "20261212140000_ingest_run_event_bounds");
  await db.migrateBefore();
  const c = db.client;
  const source = await c.query<{ id: string }>(`INSERT INTO source (kind, name) VALUES ('cli', 'old') RETURNING id`);
  for (const name of ["a", "b", "empty"] as const)
    runs[name] = (
      await c.query<{ id: string }>(
        `INSERT INTO ingest_run (source_id, status, finished_at) VALUES ($1, 'succeeded', now()) RETURNING id`,
        [source.rows[0]!.id],
      )
    ).rows[0]!.id;
  const actor = await c.query<{ id: string }>(
    `INSERT INTO actor (key, type, name, first_seen, last_seen) VALUES ('k', 'IAMUser', 'alice', now(), now()) RETURNING id`,
  );
  // Two runs that stored at the same time, and an event of no run between them.
  const order: ["a" | "b" | null, string][] = [
    ["a", "old-a-1"],
    ["b", "old-b-1"],
    [null, "old-none"],
    ["a", "old-a-2"],
    ["b", "old-b-2"],
    ["a", "old-a-3"],
  ];
  for (const [i, [run, eventId]] of order.entries())
    await c.query(
      `INSERT INTO event (event_id, event_time, event_name, aws_region, account_id, read_only, user_agent_family,
         actor_id, record_data, search_text, ingest_run_id)
       VALUES ($1, $2, 'DescribeCacheClusters', 'us-east-1', '111122223333', true, 'cli', $3, $4, '', $5)`,
      [
        eventId,
        new Date(Date.UTC(2025, 0, 1, 0, i)),
        actor.rows[0]!.id,
        encodeRecord(JSON.stringify({ eventID: eventId })),
        run ? runs[run] : null,
      ],
    );
  await db.migrateFrom();
  prisma = createPrismaClient(db.url, 2);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe("a run's event bounds for runs stored before", () => {
  it("lists each run's events as before the index went", async () => {
    const ids = async (run: string) => (await listEvents(prisma, { run })).events.map((e) => e.eventId);
    expect(await ids(runs.a)).toEqual(["old-a-3", "old-a-2", "old-a-1"]);
    expect(await ids(runs.b)).toEqual(["old-b-2", "old-b-1"]);
    expect(await ids(runs.empty)).toEqual([]);
  });

  it("keeps on each run the smallest and largest id it stored, none for a run that stored nothing", async () => {
    const { rows } = await db.client.query<{
      id: string;
      first: string | null;
      last: string | null;
      min: string | null;
      max: string | null;
    }>(
      `SELECT r.id, r.first_event_id AS first, r.last_event_id AS last, min(e.id) AS min, max(e.id) AS max
       FROM ingest_run r LEFT JOIN event e ON e.ingest_run_id = r.id GROUP BY r.id ORDER BY r.id`,
    );
    expect(rows.map((r) => [r.first, r.last])).toEqual(rows.map((r) => [r.min, r.max]));
    expect(rows.find((r) => r.id === runs.empty)).toMatchObject({ first: null, last: null });
    const index = await db.client.query(
      `SELECT 1 FROM pg_indexes WHERE indexname = 'event_ingest_run_id_event_time_id_idx'`,
    );
    expect(index.rowCount).toBe(0);
  });
});
