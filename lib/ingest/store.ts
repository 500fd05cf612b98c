import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { NormalisedEvent } from "@/lib/cloudtrail/types";
import { poolOf } from "@/lib/db/create-client";
import { FACET_COLUMNS } from "@/lib/events/facets";
import { BinaryCopyRows } from "./copy-binary";
import { toPostgresJson, toPostgresText } from "./postgres-text";
import { ROLLUP_MOVE } from "@/lib/rollups/store-sql";
import { eventKindSqlText } from "@/lib/rollups/sql-text";
import { securityFlags } from "@/lib/security/flags";
import { buildSearchText } from "./search-text";
import { encodeRecord, recordTimeText, type RecordColumnValues } from "@/lib/events/record-codec";
import { storedIdText, UUID_TEXT_SQL } from "@/lib/events/uuid-text";

// Writes a batch of normalised events in one transaction, exactly once per eventID.
//
// Speed: the batch is COPYed (binary) into session-local staging tables (far cheaper than
// binding thousands of parameters), then a few set-based statements move it into the real
// tables. The SQL has no parameters at all: every value travels through COPY.
//
// Exactly once: the eventID is UNIQUE (in event_key or event_id by its form, lib/events/event-id.ts)
// and the move is ON CONFLICT DO NOTHING, with no target so that either unique index counts; only
// the rows this batch really inserted (kept in staging_stored) update the actor, resource
// and filter-menu (event_facet_count) counters, so concurrent ingests of overlapping files
// each store a disjoint subset. Rows are inserted in key order so concurrent batches lock in
// the same order; a deadlock or serialisation failure is retried anyway.
//
// Tried and measured (npm run bench:ingest): COPY straight into event after looking up the
// batch's stored eventIDs, with counters computed in Node, saved about a fifth of the
// server's time per event but cost more on the Node side than it saved, on two cores.
//
// event_resource has no unique key (issue 19, session 18): its rows are written only for the events this
// batch inserted (staging_stored), from one ref per resource and event (the collector's rule), so
// they are exactly once because the event is.
//
// Every rollup (lib/rollups: the Overview's, Security view's and Actors pages') is kept by the same
// move through one hook, ROLLUP_MOVE, from the same staging_stored rows, so they obey the same
// exactly-once rule as the counters.

export interface StoreOrigin {
  runId: bigint | null;
  fileId: bigint | null;
}

export interface StoreResult {
  stored: number;
  duplicates: number;
}

// The staging tables are keyed by event_id (unique within a batch: storeBatch keeps one entry per
// eventID) and staging_ref is indexed by it. Without those the move's joins depended on a guess
// (issue 19): the planner has no statistics on temp tables and estimates staging_ref ⋈ resource
// on four columns at 1 row (it is ~8,000 for a 5,000-event batch). Past ~70,000 resources the
// cheapest plan for that one row became a nested loop that scanned all of staging_stored (and,
// for actor_resource, staging_event) once per row: 42 M text comparisons per join, and the batch
// went from ~1 s to 10–40 s. With the keys, the same wrong guess costs an index probe per row.
// staging_stored holds, from the event insert's RETURNING, every column the counters and rollups
// group by, and staging_link the event_resource rows the batch inserted (joined to it by id), so
// each of those statements reads them alone (issue 19, session 23: ~0.7 s of PostgreSQL's CPU on
// the all-ElastiCache corpus, docs/benchmarks.md).
/** Exported for tests/integration/store-plans.test.ts, which checks the move's plans. */
export const STAGING = `
CREATE TEMP TABLE IF NOT EXISTS staging_event (
  event_id text PRIMARY KEY, event_time timestamptz, event_name text, aws_region text, account_id text, read_only boolean,
  error_code text, error_message text, request_id text, source_ip text, user_agent text, user_agent_family text,
  user_agent_detail text, access_key_id text, mfa_authenticated boolean, actor_key text, actor_type text, actor_name text, actor_arn text,
  actor_principal_id text, actor_account_id text, actor_issuer_arn text, actor_issuer_name text,
  actor_invoked_by text, record_data bytea, search_text text, ingest_run_id bigint, ingest_file_id bigint,
  security_flags text, session_created text
) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS staging_ref (
  event_id text, account_id text, region text, kind text, resource_id text, role text
) ON COMMIT DELETE ROWS;
CREATE INDEX IF NOT EXISTS staging_ref_event_id ON staging_ref (event_id);
CREATE TEMP TABLE IF NOT EXISTS staging_stored (
  id bigint, event_id text PRIMARY KEY, actor_id bigint, event_time timestamptz, is_write boolean, read_only boolean,
  account_id text, aws_region text, event_name text, kind text, error_code text, source_ip text, user_agent_id int,
  user_agent_family text, user_agent_detail text, mfa_authenticated boolean, ingest_run_id bigint,
  ingest_file_id bigint, session_created text, security_flags text, account_region_id int
) ON COMMIT DELETE ROWS;
CREATE UNIQUE INDEX IF NOT EXISTS staging_stored_id ON staging_stored (id);
CREATE TEMP TABLE IF NOT EXISTS staging_link (resource_id bigint, event_id bigint, role text) ON COMMIT DELETE ROWS;`;

/** One (field, value) pair per filter-menu field: the same list the menus read (constants, no input). */
const FACET_VALUES = Object.entries(FACET_COLUMNS)
  .map(([field, column]) => `('${field}', s.${column})`)
  .join(", ");

/**
 * The run's first and last stored event id, moved in the batch's transaction: a run's events are read as
 * that range of event's primary key (lib/events/sql.ts, lib/run-history, lib/ingest/runs.ts), which replaced
 * an index of their own (40.6 B per event at 1 M, migration 20261212140000). Last in the move, so the
 * run's row stays locked for as short a time as can be when two batches of a run are written at once.
 */
const RUN_EVENT_BOUNDS = `
UPDATE ingest_run r SET first_event_id = LEAST(r.first_event_id, b.first), last_event_id = GREATEST(r.last_event_id, b.last)
FROM (SELECT ingest_run_id, min(id) AS first, max(id) AS last FROM staging_stored GROUP BY ingest_run_id) b
WHERE r.id = b.ingest_run_id;`;

/** The set-based move from the staging tables, one statement after another (exported for the same test). */
export const MOVE = `
INSERT INTO actor (key, type, name, arn, principal_id, account_id, session_issuer_arn, session_issuer_name,
  invoked_by, first_seen, last_seen)
SELECT DISTINCT ON (actor_key) actor_key, actor_type, actor_name, actor_arn, actor_principal_id, actor_account_id,
  actor_issuer_arn, actor_issuer_name, actor_invoked_by, event_time, event_time
FROM staging_event ORDER BY actor_key
ON CONFLICT (key) DO NOTHING;

INSERT INTO user_agent (digest, text)
SELECT DISTINCT ON (digest) digest, user_agent
FROM (SELECT sha256(convert_to(user_agent, 'UTF8')) AS digest, user_agent FROM staging_event
      WHERE user_agent IS NOT NULL) s
ORDER BY digest
ON CONFLICT (digest) DO NOTHING;

INSERT INTO account_region (account_id, aws_region)
SELECT DISTINCT account_id, aws_region FROM staging_event e
WHERE NOT EXISTS (SELECT 1 FROM account_region p WHERE p.account_id = e.account_id AND p.aws_region = e.aws_region)
ORDER BY 1, 2
ON CONFLICT (account_id, aws_region) DO NOTHING;

WITH inserted AS (
  INSERT INTO event (event_id, event_key, event_time, event_name, aws_region, account_id, read_only, error_code,
    error_message, request_id, request_key, source_ip, user_agent_id, user_agent_family, user_agent_detail,
    access_key_id, mfa_authenticated, actor_id, record_data, search_text, ingest_run_id, ingest_file_id)
  SELECT CASE WHEN NOT s.event_is_uuid THEN s.event_id END, CASE WHEN s.event_is_uuid THEN s.event_id::uuid END,
    s.event_time, s.event_name, s.aws_region, s.account_id, s.read_only, s.error_code,
    s.error_message, CASE WHEN NOT s.request_is_uuid THEN s.request_id END,
    CASE WHEN s.request_is_uuid THEN s.request_id::uuid ELSE md5(s.request_id)::uuid END,
    s.source_ip, u.id, s.user_agent_family, s.user_agent_detail, s.access_key_id, s.mfa_authenticated, a.id,
    s.record_data, s.search_text, s.ingest_run_id, s.ingest_file_id
  FROM (SELECT *, event_id ~ '${UUID_TEXT_SQL}' AS event_is_uuid, request_id ~ '${UUID_TEXT_SQL}' AS request_is_uuid
        FROM staging_event) s
  JOIN actor a ON a.key = s.actor_key
  LEFT JOIN user_agent u ON s.user_agent IS NOT NULL AND u.digest = sha256(convert_to(s.user_agent, 'UTF8'))
  ORDER BY s.event_id
  ON CONFLICT DO NOTHING
  RETURNING id, ${storedIdText("event", "event")} AS event_id, actor_id, event_time,
    (NOT read_only AND error_code IS NULL) AS is_write, read_only, account_id, aws_region, event_name,
    ${eventKindSqlText("event")} AS kind, error_code, source_ip, user_agent_id, user_agent_family, user_agent_detail,
    mfa_authenticated, ingest_run_id, ingest_file_id
)
INSERT INTO staging_stored
SELECT i.*, e.session_created, e.security_flags, p.id
FROM inserted i
JOIN staging_event e ON e.event_id = i.event_id
LEFT JOIN account_region p ON p.account_id = i.account_id AND p.aws_region = i.aws_region;

UPDATE actor SET
  first_seen = CASE WHEN actor.event_count = 0 THEN s.first ELSE LEAST(actor.first_seen, s.first) END,
  last_seen = CASE WHEN actor.event_count = 0 THEN s.last ELSE GREATEST(actor.last_seen, s.last) END,
  event_count = actor.event_count + s.n
FROM (SELECT actor_id, count(*) AS n, min(event_time) AS first, max(event_time) AS last
      FROM staging_stored GROUP BY actor_id) s
WHERE actor.id = s.actor_id;

INSERT INTO resource (account_id, region, kind, resource_id, first_seen, last_seen, last_seen_day, event_count,
  change_count, last_change_at, last_change_actor_id)
SELECT r.account_id, r.region, r.kind, r.resource_id, min(s.event_time), max(s.event_time),
  (max(s.event_time) AT TIME ZONE 'UTC')::date, count(*),
  count(*) FILTER (WHERE s.is_write AND r.role = 'target'),
  max(s.event_time) FILTER (WHERE s.is_write AND r.role = 'target'),
  (array_agg(s.actor_id ORDER BY s.event_time DESC) FILTER (WHERE s.is_write AND r.role = 'target'))[1]
FROM staging_ref r JOIN staging_stored s ON s.event_id = r.event_id
GROUP BY r.account_id, r.region, r.kind, r.resource_id
ORDER BY r.account_id, r.region, r.kind, r.resource_id
ON CONFLICT (account_id, region, kind, resource_id) DO UPDATE SET
  first_seen = LEAST(resource.first_seen, EXCLUDED.first_seen),
  last_seen = GREATEST(resource.last_seen, EXCLUDED.last_seen),
  last_seen_day = GREATEST(resource.last_seen_day, EXCLUDED.last_seen_day),
  event_count = resource.event_count + EXCLUDED.event_count,
  change_count = resource.change_count + EXCLUDED.change_count,
  last_change_actor_id = CASE
    WHEN EXCLUDED.last_change_at IS NOT NULL
     AND (resource.last_change_at IS NULL OR EXCLUDED.last_change_at >= resource.last_change_at)
    THEN EXCLUDED.last_change_actor_id ELSE resource.last_change_actor_id END,
  last_change_at = GREATEST(resource.last_change_at, EXCLUDED.last_change_at);

INSERT INTO event_facet_count (field, value, event_count)
SELECT f.field, f.value, count(*)
FROM staging_stored s
CROSS JOIN LATERAL (VALUES ${FACET_VALUES}) AS f(field, value)
WHERE f.value IS NOT NULL
GROUP BY f.field, f.value
ORDER BY f.field, f.value
ON CONFLICT (field, value) DO UPDATE SET event_count = event_facet_count.event_count + EXCLUDED.event_count;

WITH linked AS (
  INSERT INTO event_resource (resource_id, event_id, role, event_time)
  SELECT res.id, s.id, r.role, s.event_time
  FROM staging_ref r
  JOIN staging_stored s ON s.event_id = r.event_id
  JOIN resource res ON res.account_id = r.account_id AND res.region = r.region AND res.kind = r.kind
    AND res.resource_id = r.resource_id
  RETURNING resource_id, event_id, role
)
INSERT INTO staging_link SELECT * FROM linked;
${ROLLUP_MOVE}
${RUN_EVENT_BOUNDS}
SELECT count(*)::int AS stored FROM staging_stored;`;

/**
 * Deadlock, serialisation failure, and a unique violation: every insert of the move is ON CONFLICT
 * over the keys it could break, so one can only come from a concurrent rebuild of an arbiter index
 * (lib/maintenance/index-rebuild.ts; PostgreSQL has had such races). Retried, it is not blamed on a
 * record; one the data really causes still reaches storeBatchIsolated after the last attempt.
 */
const RETRYABLE = new Set(["40P01", "40001", "23505"]);

/**
 * Stored rows per ingest_file, read in the batch's transaction: a batch may hold the events of
 * several files of a run (lib/ingest/run-writer.ts), and each file's counts come from what the
 * database really inserted. Sent after MOVE in the same round trip.
 */
const STORED_BY_FILE = `
SELECT ingest_file_id::text AS file_id, count(*)::int AS stored FROM staging_stored GROUP BY ingest_file_id;`;

/** One event of a batch and where it came from (each event of a batch may come from another file). */
export interface BatchEntry {
  event: NormalisedEvent;
  fileId: bigint | null;
}

export interface BatchResult {
  stored: number;
  duplicates: number;
  /** Events inserted, by ingest_file id (null: no file). */
  storedByFile: Map<bigint | null, number>;
}

export async function storeEvents(
  prisma: PrismaClient,
  events: NormalisedEvent[],
  origin: StoreOrigin,
): Promise<StoreResult> {
  const { stored, duplicates } = await storeBatch(
    prisma,
    events.map((event) => ({ event, fileId: origin.fileId })),
    origin.runId,
  );
  return { stored, duplicates };
}

/** storeEvents for events of several files of one run (or of none), with the counts of each file. */
export async function storeBatch(
  prisma: PrismaClient,
  entries: BatchEntry[],
  runId: bigint | null,
): Promise<BatchResult> {
  // A batch may itself repeat an eventID (CloudTrail duplicates inside one file, or the same
  // event in two files of a run). Keys are cleaned first, as PostgreSQL will hold them:
  // "a\u0000" and "a\uFFFD" are one event. Inside one file the last one read is kept; between
  // files of a run, the file opened first stores it (ingest_file ids rise in the order files are
  // opened), whatever order the events of files read at once arrived in.
  const byId = new Map<string, BatchEntry>();
  for (const entry of entries) {
    const event = withStorableKeys(entry.event);
    const kept = byId.get(event.eventId)?.fileId;
    if (kept != null && entry.fileId !== null && kept < entry.fileId) continue;
    byId.set(event.eventId, event === entry.event ? entry : { event, fileId: entry.fileId });
  }
  const unique = [...byId.values()];
  if (unique.length === 0) return { stored: 0, duplicates: entries.length, storedByFile: new Map() };
  const eventRows = eventPayload(
    unique.map((u) => u.event),
    unique.map((u) => ({ runId, fileId: u.fileId })),
  );
  const refRows = refPayload(unique.map((u) => u.event));
  for (let attempt = 1; ; attempt++) {
    try {
      const storedByFile = await inTransaction(poolOf(prisma), async (client) => {
        await copyRows(client, "COPY staging_event FROM STDIN (FORMAT binary)", eventRows);
        if (refRows) await copyRows(client, "COPY staging_ref FROM STDIN (FORMAT binary)", refRows);
        const results = (await client.query(MOVE + STORED_BY_FILE)) as unknown as pg.QueryResult[];
        const rows = results.at(-1)!.rows as Array<{ file_id: string | null; stored: number }>;
        return new Map(rows.map((r) => [r.file_id === null ? null : BigInt(r.file_id), r.stored] as const));
      });
      const stored = [...storedByFile.values()].reduce((n, c) => n + c, 0);
      return { stored, duplicates: entries.length - stored, storedByFile };
    } catch (error) {
      if (!RETRYABLE.has((error as { code?: string }).code ?? "") || attempt >= 5) throw error;
    }
  }
}

export interface RefusedRecord {
  /** Index in the batch given to storeEventsIsolated. */
  index: number;
  reason: string;
}

/**
 * SQLSTATE classes of a refusal caused by the rows themselves — data exception (22), integrity
 * constraint (23), program limit such as an index row too large (54) — as opposed to the
 * connection or server failing, which no split of the batch would fix.
 */
const REFUSED_FOR_ITS_DATA = /^(22|23|54)/;

/**
 * storeEvents, but a batch the database refuses for its data is halved until each refused
 * record stands alone: the others are stored, the guilty ones reported with the database's
 * reason. The checks before a record joins a batch (numbers, nesting, encoding, dates) make
 * this rare; it is the net under whatever they miss. A failing batch of n costs ~2·log2(n)
 * extra transactions per refused record.
 */
export async function storeEventsIsolated(
  prisma: PrismaClient,
  events: NormalisedEvent[],
  origin: StoreOrigin,
  /** Sends a batch again while the database is unreachable (the ingest's retryWhileConnectionLost). */
  retry: <T>(work: () => Promise<T>) => Promise<T> = (work) => work(),
): Promise<StoreResult & { refused: RefusedRecord[] }> {
  const { stored, duplicates, refused } = await storeBatchIsolated(
    prisma,
    events.map((event) => ({ event, fileId: origin.fileId })),
    origin.runId,
    retry,
  );
  return { stored, duplicates, refused };
}

/**
 * storeBatch, with a refused record isolated as storeEventsIsolated does: the halves that hold
 * other files' records (or the same file's good ones) are stored, whatever file the guilty one is from.
 */
export async function storeBatchIsolated(
  prisma: PrismaClient,
  entries: BatchEntry[],
  runId: bigint | null,
  retry: <T>(work: () => Promise<T>) => Promise<T> = (work) => work(),
): Promise<BatchResult & { refused: RefusedRecord[] }> {
  const result = {
    stored: 0,
    duplicates: 0,
    storedByFile: new Map<bigint | null, number>(),
    refused: [] as RefusedRecord[],
  };
  const store = async (from: number, to: number): Promise<void> => {
    try {
      const r = await retry(() => storeBatch(prisma, entries.slice(from, to), runId));
      result.stored += r.stored;
      result.duplicates += r.duplicates;
      for (const [file, n] of r.storedByFile) result.storedByFile.set(file, (result.storedByFile.get(file) ?? 0) + n);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== "string" || !REFUSED_FOR_ITS_DATA.test(code)) throw error;
      if (to - from === 1) {
        const message = error instanceof Error ? error.message : String(error);
        result.refused.push({ index: from, reason: `the database refused the record: ${toPostgresText(message)}` });
        return;
      }
      const middle = from + Math.ceil((to - from) / 2);
      await store(from, middle);
      await store(middle, to);
    }
  };
  await store(0, entries.length);
  return result;
}

/** Every text that keys a row (event, actor, resource), as PostgreSQL will store it. */
function withStorableKeys(e: NormalisedEvent): NormalisedEvent {
  if (
    isStorable(e.eventId) &&
    isStorable(e.accountId) &&
    isStorable(e.awsRegion) &&
    isStorable(e.actor.key) &&
    e.resources.every((r) => isStorable(r.id) && isStorable(r.accountId) && isStorable(r.region))
  )
    return e;
  return {
    ...e,
    eventId: toPostgresText(e.eventId),
    accountId: toPostgresText(e.accountId),
    awsRegion: toPostgresText(e.awsRegion),
    actor: { ...e.actor, key: toPostgresText(e.actor.key) },
    resources: e.resources.map((r) => ({
      ...r,
      id: toPostgresText(r.id),
      accountId: toPostgresText(r.accountId),
      region: toPostgresText(r.region),
    })),
  };
}

function isStorable(s: string): boolean {
  return !s.includes("\u0000") && s.isWellFormed();
}

const prepared = new WeakSet<pg.PoolClient>();

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    if (!prepared.has(client)) {
      await client.query(STAGING);
      prepared.add(client);
    }
    // The pool's statement_timeout is for page queries; a large batch on a loaded server may take longer.
    await client.query("BEGIN; SET LOCAL statement_timeout = 0");
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

/** staging_event rows, in its column order. */
export function eventPayload(events: NormalisedEvent[], origins: StoreOrigin | readonly StoreOrigin[]): Buffer {
  const rows = new BinaryCopyRows(30, events.length * 1024);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const origin = Array.isArray(origins) ? (origins as readonly StoreOrigin[])[i]! : (origins as StoreOrigin);
    const a = e.actor;
    rows
      .row()
      .text(e.eventId)
      .timestamptz(e.eventTime)
      .text(e.eventName)
      .text(e.awsRegion)
      .text(e.accountId)
      .bool(e.readOnly)
      .text(e.errorCode)
      .text(e.errorMessage)
      .text(e.requestId)
      .text(e.sourceIp)
      .text(e.userAgent)
      .text(e.userAgentFamily)
      .text(e.userAgentDetail)
      .text(e.accessKeyId)
      .bool(e.mfaAuthenticated)
      .text(a.key)
      .text(a.type)
      .text(a.name)
      .text(a.arn)
      .text(a.principalId)
      .text(a.accountId)
      .text(a.sessionIssuerArn)
      .text(a.sessionIssuerName)
      .text(a.invokedBy)
      .bytea(storedRecord(e))
      .text(buildSearchText(e))
      .int8(origin.runId)
      .int8(origin.fileId)
      .text(flagsOf(e))
      .text(sessionCreatedOf(e.record));
  }
  return rows.finish();
}

/**
 * The record as event.record_data holds it (lib/events/record-codec.ts): encoded here unless the
 * pipeline (or a worker thread) already did. The text is the record as read, byte for byte, when
 * the ingest has it; format 2 leaves out the values this row's columns hold.
 */
export function storedRecord(e: NormalisedEvent): Buffer {
  return e.recordData ?? encodeRecord(e.recordJson ?? toPostgresJson(e.record), recordColumnValues(e));
}

/**
 * The values of the event's columns a format-2 record may leave out, exactly as the row will hold
 * them: COPY's text() writes a NUL and a lone surrogate as U+FFFD, as toPostgresText does.
 */
export function recordColumnValues(e: NormalisedEvent): RecordColumnValues {
  const text = (s: string | null) => (s === null ? null : toPostgresText(s));
  return {
    eventId: text(e.eventId),
    eventTime: recordTimeText(e.eventTime),
    sourceIp: text(e.sourceIp),
    userAgent: text(e.userAgent),
    requestId: text(e.requestId),
    accessKeyId: text(e.accessKeyId),
  };
}

/**
 * userIdentity.sessionContext.attributes.creationDate as text (what `#>>` gave on jsonb), for the
 * actor_session rollup (lib/rollups/actor-sql.ts): staging only, never a column of event.
 */
export function sessionCreatedOf(record: Record<string, unknown>): string | null {
  const identity = record.userIdentity as { sessionContext?: { attributes?: { creationDate?: unknown } } } | undefined;
  const value = identity?.sessionContext?.attributes?.creationDate;
  if (value === undefined || value === null) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The event's security flags as one comma-separated text (lib/security/flags.ts), or null for none. */
function flagsOf(e: NormalisedEvent): string | null {
  const flags = securityFlags({
    eventName: e.eventName,
    userAgentFamily: e.userAgentFamily,
    mfaAuthenticated: e.mfaAuthenticated,
    actorType: e.actor.type,
    requestParameters: (e.record as { requestParameters?: unknown }).requestParameters,
  });
  return flags.length ? flags.join(",") : null;
}

/** staging_ref rows, or undefined when no event touched a resource. */
export function refPayload(events: NormalisedEvent[]): Buffer | undefined {
  const rows = new BinaryCopyRows(6, 64 * 1024);
  for (const e of events) {
    for (const r of e.resources)
      rows.row().text(e.eventId).text(r.accountId).text(r.region).text(r.kind).text(r.id).text(r.role);
  }
  return rows.rowCount > 0 ? rows.finish() : undefined;
}
