import { Prisma } from "@/lib/generated/prisma/client";

// A request id is stored in one of two columns (migration 20261209130000_event_request_uuid): a
// lower-case UUID — what CloudTrail writes for almost every call — as `request_uuid uuid` (16 B),
// anything else as `request_id text`, byte for byte. Only an id equal to the canonical text of
// its uuid moves, so `request_uuid::text` gives back exactly the id that was read.

/** The canonical text of a uuid; the same pattern is in the store's move and the migration. */
export const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const UUID_TEXT_SQL = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

/** The stored request id of event alias `e`, as text. */
export function requestIdColumn(alias: string): Prisma.Sql {
  return Prisma.raw(`COALESCE(${alias}.request_uuid::text, ${alias}.request_id)`);
}

/** Events of alias `e` whose request id is exactly `id`, through the hash index of the column that holds it. */
export function requestIdEquals(alias: string, id: string): Prisma.Sql {
  return UUID_TEXT.test(id)
    ? Prisma.sql`${Prisma.raw(alias)}.request_uuid = ${id}::uuid`
    : Prisma.sql`${Prisma.raw(alias)}.request_id = ${id}`;
}
