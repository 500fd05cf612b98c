import { createHash } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";

// A request id is found through event.request_key (uuid, migration 20261209130000_event_request_uuid):
// a lower-case UUID — what CloudTrail writes for almost every call — is its own key and is not
// stored as text at all (16 B instead of 37); any other id is kept in `request_id text`, byte for
// byte, with the MD5 of its text as key (CHECK event_request_key_check). Only an id equal to the
// canonical text of its uuid moves, so COALESCE(request_id, request_key::text) gives back exactly
// the id that was read.

/** The canonical text of a uuid; the same pattern is in the store's move and the migration. */
export const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const UUID_TEXT_SQL = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

/** request_key of a request id, as PostgreSQL computes it: the uuid itself, or md5(text)::uuid. */
export function requestKey(id: string): string {
  if (UUID_TEXT.test(id)) return id;
  const hex = createHash("md5").update(id, "utf8").digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The stored request id of event alias `alias`, as text. */
export function requestIdColumn(alias: string): Prisma.Sql {
  return Prisma.raw(`COALESCE(${alias}.request_id, ${alias}.request_key::text)`);
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
