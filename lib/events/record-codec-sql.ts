import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { decodeRecordBytes, type RecordColumnValues } from "./record-codec";
import { storedIdText } from "./uuid-text";

// Reading an event's record in SQL and Node: a row holds it compressed in record_data
// (record-codec.ts) or, stored before 2026-12 and not yet converted by the sweeper
// (record-upgrade.ts), as jsonb in `record`. Every query that needs a record selects both through
// recordColumns and decodes in Node with recordOf; nothing inside SQL looks into a record.
//
// A format-2 record (record-codec.ts) leaves out the values its row holds, so recordColumns also
// selects those, as the text the store compared them with, under record_* names (a query may select
// its own event_id): the ids as read (uuid-text.ts), the user agent's text, event_time as
// recordTimeText writes it.

/** The row's values a format-2 record needs, in SQL: [column alias, expression of event row `a`]. */
const RECORD_VALUE_COLUMNS = (a: string) =>
  [
    ["record_event_id", storedIdText(a, "event")],
    ["record_event_time", `to_char(${a}.event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`],
    ["record_source_ip", `${a}.source_ip`],
    ["record_user_agent", `(SELECT record_ua.text FROM user_agent record_ua WHERE record_ua.id = ${a}.user_agent_id)`],
    ["record_request_id", storedIdText(a, "request")],
    ["record_access_key_id", `${a}.access_key_id`],
  ] as const;

/**
 * The stored forms of the record of event row `alias`: record_data and the row's values it may need
 * (record_*), and record_text for an unconverted row.
 */
export function recordColumns(alias = "e"): Prisma.Sql {
  const a = Prisma.raw(alias);
  const values = RECORD_VALUE_COLUMNS(alias).map(([name, sql]) => `${sql} AS ${name}`);
  return Prisma.sql`${a}.record_data, ${Prisma.raw(values.join(", "))},
    CASE WHEN ${a}.record_data IS NULL THEN ${a}.record::text END AS record_text`;
}

/** recordColumns as the pairs of json_build_object (for a row built by hand: 'record_data', e.record_data, …). */
export function recordJsonPairs(alias = "e"): Prisma.Sql {
  const a = Prisma.raw(alias);
  const values = RECORD_VALUE_COLUMNS(alias).map(([name, sql]) => `'${name}', ${sql}`);
  return Prisma.sql`'record_data', ${a}.record_data, ${Prisma.raw(values.join(", "))},
    'record_text', CASE WHEN ${a}.record_data IS NULL THEN ${a}.record::text END`;
}

/** The record's length in bytes as text, from record_data's header (no decompression) or the jsonb's text. */
export function recordLengthSql(alias = "e"): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.sql`CASE WHEN ${a}.record_data IS NULL THEN octet_length(${a}.record::text)::bigint
    ELSE ('x' || encode(substring(${a}.record_data FROM 2 FOR 4), 'hex'))::bit(32)::bigint END`;
}

export interface StoredRecordColumns {
  /** A Uint8Array from the driver, or "\x…" hex text when the row came through json_agg. */
  record_data: Uint8Array | string | null;
  record_text: string | null;
  record_event_id: string | null;
  record_event_time: string | null;
  record_source_ip: string | null;
  record_user_agent: string | null;
  record_request_id: string | null;
  record_access_key_id: string | null;
}

/** The row's values as the codec takes them; undefined when the row was selected without them. */
function recordValuesOf(row: StoredRecordColumns): RecordColumnValues | undefined {
  // A row selected without recordColumns has none of them: a format-2 record then throws, never misreads.
  if (RECORD_VALUE_NAMES.some((name) => row[name] === undefined)) return undefined;
  return {
    eventId: row.record_event_id,
    eventTime: row.record_event_time,
    sourceIp: row.record_source_ip,
    userAgent: row.record_user_agent,
    requestId: row.record_request_id,
    accessKeyId: row.record_access_key_id,
  };
}
const RECORD_VALUE_NAMES = RECORD_VALUE_COLUMNS("e").map(([name]) => name);

/** The record's JSON text's bytes, exactly as stored. */
export function recordBytesOf(row: StoredRecordColumns): Buffer {
  if (row.record_data !== null) {
    const data = typeof row.record_data === "string" ? Buffer.from(row.record_data.slice(2), "hex") : row.record_data;
    return decodeRecordBytes(data, recordValuesOf(row));
  }
  if (row.record_text === null) throw new Error("event row without its record");
  return Buffer.from(row.record_text, "utf8");
}

/** The record's JSON text. */
export function recordTextOf(row: StoredRecordColumns): string {
  if (row.record_data !== null) return recordBytesOf(row).toString("utf8");
  if (row.record_text === null) throw new Error("event row without its record");
  return row.record_text;
}

/** The record, parsed: an object for every record CacheTrail stores ({} if the text is not one). */
export function recordOf(row: StoredRecordColumns): Record<string, unknown> {
  return recordObject(recordTextOf(row));
}

/** A record's JSON text, parsed: an object ({} if the text is not one). */
export function recordObject(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
