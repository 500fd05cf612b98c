import { createHash } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import { storedIdColumn, UUID_TEXT } from "./uuid-text";

// A request id is found through event.request_key (uuid, migration 20261209130000_event_request_uuid):
// a lower-case UUID is its own key and is not stored as text at all (lib/events/uuid-text.ts); any
// other id is kept in `request_id text`, byte for byte, with the MD5 of its text as key (CHECK
// event_request_key_check), so one hash index over request_key finds every request id.

/** request_key of a request id, as PostgreSQL computes it: the uuid itself, or md5(text)::uuid. */
export function requestKey(id: string): string {
  if (UUID_TEXT.test(id)) return id;
  const hex = createHash("md5").update(id, "utf8").digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The stored request id of event alias `alias`, as text. */
export function requestIdColumn(alias: string): Prisma.Sql {
  return storedIdColumn(alias, "request");
}

/**
 * Events of alias `alias` whose request id is exactly `id`: the key through its hash index, then
 * the text, so that a text id whose MD5 happens to equal another id's key is not taken for it.
 */
export function requestIdEquals(alias: string, id: string): Prisma.Sql {
  const e = Prisma.raw(alias);
  return UUID_TEXT.test(id)
    ? Prisma.sql`(${e}.request_key = ${id}::uuid AND ${e}.request_id IS NULL)`
    : Prisma.sql`(${e}.request_key = ${requestKey(id)}::uuid AND ${e}.request_id = ${id})`;
}
