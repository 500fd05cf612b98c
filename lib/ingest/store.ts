import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { NormalisedEvent } from "@/lib/cloudtrail/types";
import { poolOf } from "@/lib/db/create-client";
import { BinaryCopyRows } from "./copy-binary";
import { batchCounters, resourceKey, storedActorKey, uniqueLinks, type ActorCounter, type FacetCounter, type ResourceCounter } from "./batch-counters";
import { toPostgresJson, toPostgresText } from "./postgres-text";
import { buildSearchText } from "./search-text";

// Writes a batch of normalised events in one transaction, exactly once per eventID.
//
// Exactly once: event.event_id is UNIQUE. The batch's eventIDs already stored are looked up
// first and left out; the rest is COPYed straight into event, so a concurrent ingest that
// stored one of them in the meantime makes the COPY fail on the unique index and roll back
// whole. The batch is then tried again: the other transaction has committed by then, so the
// look-up sees its rows. Counters (actor, resource, facet) are computed from exactly the rows
// this transaction inserts, so they stay equal to what is linked.
//
// Speed: COPY (binary) into the real tables, with no staging table and no per-row parameters
// — moving rows through a staging table cost more than a third of the server's time per
// event. Ids come from the sequence up front, so event_resource rows can be COPYed too.
// Rows are COPYed in eventID order and counter rows are upserted in key order, so concurrent
// batches take locks in the same order; a deadlock is retried anyway.

export interface StoreOrigin {
  runId: bigint | null;
  fileId: bigint | null;
}

export interface StoreResult {
  stored: number;
  duplicates: number;
}

/** unique_violation (a concurrent ingest stored one of the events first), deadlock, serialisation failure. */
const RETRYABLE = new Set(["23505", "40P01", "40001"]);
const MAX_ATTEMPTS = 10;

const EVENT_COLUMNS = `id, event_id, event_time, event_name, event_source, event_version, event_type, aws_region, account_id,
  read_only, error_code, error_message, request_id, source_ip, user_agent, user_agent_family, user_agent_detail,
  vpc_endpoint_id, access_key_id, mfa_authenticated, actor_id, record, search_text, ingest_run_id, ingest_file_id`;

export async function storeEvents(prisma: PrismaClient, events: NormalisedEvent[], origin: StoreOrigin): Promise<StoreResult> {
  // A batch may itself repeat an eventID (CloudTrail duplicates inside one file).
  const unique = [...new Map(events.map((e) => [e.eventId, e])).values()].sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  if (unique.length === 0) return { stored: 0, duplicates: events.length };
  for (let attempt = 1; ; attempt++) {
    try {
      const stored = await inTransaction(poolOf(prisma), (client) => storeNew(client, unique, origin));
      return { stored, duplicates: events.length - stored };
    } catch (error) {
      if (!RETRYABLE.has((error as { code?: string }).code ?? "") || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

async function storeNew(client: pg.PoolClient, events: NormalisedEvent[], origin: StoreOrigin): Promise<number> {
  const { rows: present } = await client.query<{ event_id: string }>("SELECT event_id FROM event WHERE event_id = ANY($1::text[])", [
    events.map((e) => e.eventId),
  ]);
  const stored = new Set(present.map((r) => r.event_id));
  const fresh = stored.size === 0 ? events : events.filter((e) => !stored.has(e.eventId));
  if (fresh.length === 0) return 0;

  const counters = batchCounters(fresh);
  const actorIds = await upsertActors(client, counters.actors);
  const { rows: ids } = await client.query<{ id: string }>("SELECT nextval('event_id_seq')::text AS id FROM generate_series(1, $1::int)", [fresh.length]);
  const eventIds = ids.map((r) => BigInt(r.id));
  await copyRows(client, `COPY event (${EVENT_COLUMNS}) FROM STDIN (FORMAT binary)`, eventPayload(fresh, eventIds, actorIds, origin));

  const resourceIds = await upsertResources(client, counters.resources, actorIds);
  const links = linkPayload(fresh, eventIds, resourceIds);
  if (links) await copyRows(client, "COPY event_resource (resource_id, event_id, role, event_time) FROM STDIN (FORMAT binary)", links);
  await upsertFacets(client, counters.facets);
  return fresh.length;
}

/** Actors with their counters; returns the id of each stored key (storedActorKey). */
async function upsertActors(client: pg.PoolClient, actors: ActorCounter[]): Promise<Map<string, bigint>> {
  const column = <K extends keyof ActorCounter["actor"]>(key: K) => actors.map((c) => textOrNull(c.actor[key]));
  const { rows } = await client.query<{ id: string; key: string }>(
    `INSERT INTO actor (key, type, name, arn, principal_id, account_id, session_issuer_arn, session_issuer_name, invoked_by,
       first_seen, last_seen, event_count)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::text[], $10::timestamptz[], $11::timestamptz[], $12::int[])
     ON CONFLICT (key) DO UPDATE SET
       first_seen = LEAST(actor.first_seen, EXCLUDED.first_seen),
       last_seen = GREATEST(actor.last_seen, EXCLUDED.last_seen),
       event_count = actor.event_count + EXCLUDED.event_count
     RETURNING id::text, key`,
    [
      column("key"), column("type"), column("name"), column("arn"), column("principalId"), column("accountId"),
      column("sessionIssuerArn"), column("sessionIssuerName"), column("invokedBy"),
      actors.map((c) => c.first), actors.map((c) => c.last), actors.map((c) => c.count),
    ],
  );
  return new Map(rows.map((r) => [r.key, BigInt(r.id)]));
}

/** Resources with their counters; returns each resource key's id. */
async function upsertResources(client: pg.PoolClient, resources: ResourceCounter[], actorIds: Map<string, bigint>): Promise<Map<string, bigint>> {
  if (resources.length === 0) return new Map();
  const { rows } = await client.query<{ id: string; account_id: string; region: string; kind: string; resource_id: string }>(
    `INSERT INTO resource (account_id, region, kind, resource_id, first_seen, last_seen, event_count, change_count,
       last_change_at, last_change_actor_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::int[],
       $8::int[], $9::timestamptz[], $10::bigint[])
     ON CONFLICT (account_id, region, kind, resource_id) DO UPDATE SET
       first_seen = LEAST(resource.first_seen, EXCLUDED.first_seen),
       last_seen = GREATEST(resource.last_seen, EXCLUDED.last_seen),
       event_count = resource.event_count + EXCLUDED.event_count,
       change_count = resource.change_count + EXCLUDED.change_count,
       last_change_actor_id = CASE
         WHEN EXCLUDED.last_change_at IS NOT NULL
          AND (resource.last_change_at IS NULL OR EXCLUDED.last_change_at >= resource.last_change_at)
         THEN EXCLUDED.last_change_actor_id ELSE resource.last_change_actor_id END,
       last_change_at = GREATEST(resource.last_change_at, EXCLUDED.last_change_at)
     RETURNING id::text, account_id, region, kind, resource_id`,
    [
      resources.map((r) => textOrNull(r.ref.accountId)), resources.map((r) => textOrNull(r.ref.region)), resources.map((r) => r.ref.kind),
      resources.map((r) => textOrNull(r.ref.id)), resources.map((r) => r.first), resources.map((r) => r.last),
      resources.map((r) => r.count), resources.map((r) => r.changes), resources.map((r) => r.lastChangeAt),
      resources.map((r) => (r.lastChangeActorKey === null ? null : actorIds.get(r.lastChangeActorKey)!.toString())),
    ],
  );
  return new Map(rows.map((r) => [resourceKey({ accountId: r.account_id, region: r.region, kind: r.kind, id: r.resource_id }), BigInt(r.id)]));
}

async function upsertFacets(client: pg.PoolClient, facets: FacetCounter[]): Promise<void> {
  if (facets.length === 0) return;
  await client.query(
    `INSERT INTO event_facet_count (field, value, event_count)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
     ON CONFLICT (field, value) DO UPDATE SET event_count = event_facet_count.event_count + EXCLUDED.event_count`,
    [facets.map((f) => f.field), facets.map((f) => f.value), facets.map((f) => f.count)],
  );
}

/** Record text as a query parameter: PostgreSQL refuses NUL in text (COPY rows get the same treatment). */
function textOrNull(value: string | null): string | null {
  return value === null ? null : toPostgresText(value);
}

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    try {
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
  } finally {
    client.release();
  }
}

async function copyRows(client: pg.PoolClient, sql: string, payload: Buffer): Promise<void> {
  await pipeline(Readable.from([payload]), client.query(copyFrom(sql)));
}

/** event rows, in EVENT_COLUMNS order. */
function eventPayload(events: NormalisedEvent[], ids: bigint[], actorIds: Map<string, bigint>, origin: StoreOrigin): Buffer {
  const rows = new BinaryCopyRows(25, events.length * 4096);
  events.forEach((e, i) => {
    rows.row().int8(ids[i]).text(e.eventId).timestamptz(e.eventTime).text(e.eventName).text(e.eventSource).text(e.eventVersion)
      .text(e.eventType).text(e.awsRegion).text(e.accountId).bool(e.readOnly).text(e.errorCode).text(e.errorMessage)
      .text(e.requestId).text(e.sourceIp).text(e.userAgent).text(e.userAgentFamily).text(e.userAgentDetail)
      .text(e.vpcEndpointId).text(e.accessKeyId).bool(e.mfaAuthenticated).int8(actorIds.get(storedActorKey(e)))
      .jsonb(e.recordJson ?? toPostgresJson(e.record)).text(buildSearchText(e)).int8(origin.runId).int8(origin.fileId);
  });
  return rows.finish();
}

/** event_resource rows (one per resource and role of each event), or undefined when there are none. */
function linkPayload(events: NormalisedEvent[], ids: bigint[], resourceIds: Map<string, bigint>): Buffer | undefined {
  const rows = new BinaryCopyRows(4, 64 * 1024);
  events.forEach((e, i) => {
    for (const r of uniqueLinks(e)) rows.row().int8(resourceIds.get(resourceKey(r))).int8(ids[i]).text(r.role).timestamptz(e.eventTime);
  });
  return rows.rowCount > 0 ? rows.finish() : undefined;
}
