import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getActorDetail } from "@/lib/actors/detail-queries";
import { listActors } from "@/lib/actors/queries";
import { parseActorListParams } from "@/lib/actors/list-params";
import { normaliseRecord } from "@/lib/cloudtrail/normalise";
import type { NormalisedEvent } from "@/lib/cloudtrail/types";
import { createPrismaClient } from "@/lib/db/create-client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { storeEvents } from "@/lib/ingest/store";
import { modifyRecord } from "../fixtures/event-records";
import { migrationDatabase, type MigrationDatabase } from "../helpers/migration-database";

// actor_source names its agent by user_agent.id (issue 19, session 20): the rows an install kept with the
// agent's text become rows with its id, counters unchanged — an agent that only the rollup held (its text
// cut to 512 characters) gets a user_agent row, a row without an agent gets 0 — and the ingest goes on
// adding to the converted rows.

const FIRST = "20261212130000_actor_source_user_agent_id";
const CLI = "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64";
const CUT = `Mozilla/5.0 ${"x".repeat(500)}`;

let db: MigrationDatabase;
let prisma: PrismaClient;

function event(eventId: string, minute: number): NormalisedEvent {
  const r = normaliseRecord(
    modifyRecord("orders-cache", {
      eventID: eventId,
      eventTime: new Date(Date.UTC(2025, 0, 1, 0, minute)).toISOString(),
    }),
  );
  if (!r.ok) throw new Error("record refused");
  return r.event;
}

const actorKey = event("probe", 0).actor.key;

beforeAll(async () => {
  db = await migrationDatabase("asagent", FIRST);
  await db.migrateBefore();
  prisma = createPrismaClient(db.url, 2);
  // The layout an install has before: the agent's text in each row; the CLI's text also in user_agent.
  await db.client.query(
    `INSERT INTO actor (key, type, name, first_seen, last_seen, event_count)
     VALUES ($1, 'IAMUser', 'Alice', '2025-01-01T00:00:00Z', '2025-01-01T00:09:00Z', 9)`,
    [actorKey],
  );
  await db.client.query(`INSERT INTO user_agent (digest, text) VALUES (sha256(convert_to($1, 'UTF8')), $1)`, [CLI]);
  await db.client.query(
    `INSERT INTO actor_source (actor_id, source_ip, user_agent, user_agent_family, user_agent_detail, event_count,
       write_count, failure_count, first_seen, last_seen)
     SELECT a.id, v.ip, v.agent, v.family, '', v.n, v.writes, v.failures, v.first::timestamptz, v.last::timestamptz
     FROM actor a, (VALUES ('203.0.113.10', $1, 'aws-cli', 5, 2, 1, '2025-01-01T00:00:00Z', '2025-01-01T00:04:00Z'),
                           ('203.0.113.10', '', 'other', 3, 0, 0, '2025-01-01T00:05:00Z', '2025-01-01T00:07:00Z'),
                           ('198.51.100.7', $2, 'other', 1, 1, 1, '2025-01-01T00:09:00Z', '2025-01-01T00:09:00Z'))
       AS v(ip, agent, family, n, writes, failures, first, last)`,
    [CLI, CUT],
  );
  await db.migrateFrom();
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe("actor_source keyed by the agent's id", () => {
  it("keeps every row an install had, with its agent and counters", async () => {
    const detail = await getActorDetail(prisma, actorKey);
    expect(detail?.userAgents.map((a) => [a.userAgent, a.family, a.events, a.firstSeen, a.lastSeen]).sort()).toEqual(
      [
        [CLI, "aws-cli", 5, "2025-01-01T00:00:00.000Z", "2025-01-01T00:04:00.000Z"],
        ["", "other", 3, "2025-01-01T00:05:00.000Z", "2025-01-01T00:07:00.000Z"],
        [CUT, "other", 1, "2025-01-01T00:09:00.000Z", "2025-01-01T00:09:00.000Z"],
      ].sort(),
    );
    expect(detail?.sourceIps.map((s) => [s.sourceIp, s.events]).sort()).toEqual([
      ["198.51.100.7", 1],
      ["203.0.113.10", 8],
    ]);
    const { rows } = await db.client.query<{ text: string }>(`SELECT text FROM user_agent`);
    expect(rows.map((r) => r.text).sort()).toEqual([CLI, CUT].sort());
    const list = await listActors(prisma, parseActorListParams({}));
    expect(list.rows.map((r) => [r.key, r.sourceIpCount, r.userAgentCount])).toEqual([[actorKey, 2, 2]]);
  });

  it("adds a later call to the converted row of its actor, IP and agent", async () => {
    expect(await storeEvents(prisma, [event("new-1", 30)], { runId: null, fileId: null })).toEqual({
      stored: 1,
      duplicates: 0,
    });
    const { rows } = await db.client.query<{ n: number }>(`SELECT count(*)::int AS n FROM actor_source`);
    expect(rows[0]!.n).toBe(3);
    const cli = (await getActorDetail(prisma, actorKey))?.userAgents.find((a) => a.userAgent === CLI);
    expect([cli?.events, cli?.lastSeen]).toEqual([6, "2025-01-01T00:30:00.000Z"]);
  });
});
