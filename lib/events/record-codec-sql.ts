import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { decodeRecordText } from "./record-codec";

// Reading an event's record in SQL and Node: a row holds it compressed in record_data
// (record-codec.ts) or, stored before 2026-12 and not yet converted by the sweeper
// (record-upgrade.ts), as jsonb in `record`. Every query that needs a record selects both through
// recordColumns and decodes in Node with recordOf; nothing inside SQL looks into a record.

/** The stored forms of the record of event row `alias`: record_data, and record_text for an unconverted row. */
export function recordColumns(alias = "e"): Prisma.Sql {
  const a = Prisma.raw(alias);
  return Prisma.sql`${a}.record_data, CASE WHEN ${a}.record_data IS NULL THEN ${a}.record::text END AS record_text`;
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
}

/** The record's JSON text. */
export function recordTextOf(row: StoredRecordColumns): string {
  if (row.record_data !== null) {
    const data = typeof row.record_data === "string" ? Buffer.from(row.record_data.slice(2), "hex") : row.record_data;
    return decodeRecordText(data);
  }
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
