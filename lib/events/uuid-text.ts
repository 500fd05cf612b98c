import { Prisma } from "@/lib/generated/prisma/client";

// CloudTrail writes eventIDs and almost every requestID as lower-case UUIDs: 37 bytes as text, 16 as
// a uuid. Both ids are therefore stored in two columns (issue 19, disk per event): `<name>_key uuid`
// holds an id that is exactly the canonical text of a uuid, and `<name>_id text` is then null; any
// other id (upper-case, S3-style, hostile) stays text, byte for byte. Only an id equal to its own
// uuid's text moves, so COALESCE(<name>_id, <name>_key::text) gives back exactly the id that was read.
// How each is looked up differs: lib/events/event-id.ts, lib/events/request-id.ts.

/** The canonical text of a uuid: the ids stored as uuid. The same pattern is in the store's move and the migrations. */
export const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const UUID_TEXT_SQL = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

/** The stored id `name` ("event", "request") of table alias `alias`, as the text that was read (plain SQL). */
export function storedIdText(alias: string, name: "event" | "request"): string {
  return `COALESCE(${alias}.${name}_id, ${alias}.${name}_key::text)`;
}

/** storedIdText as a fragment for Prisma's tagged SQL. */
export function storedIdColumn(alias: string, name: "event" | "request"): Prisma.Sql {
  return Prisma.raw(storedIdText(alias, name));
}
