import { Prisma } from "@/lib/generated/prisma/client";
import { storedIdColumn, UUID_TEXT } from "./uuid-text";

// An eventID is stored as event.event_key (uuid) when it is a lower-case UUID, as CloudTrail writes
// every one, else as event.event_id (text) byte for byte (lib/events/uuid-text.ts; migration
// 20261210100000_event_id_uuid). Unlike the request id it has no MD5 key: the eventID is the
// exactly-once key, so each form has its own exact unique index — event_event_key_key, and
// event_event_id_key over the few text ids — and CHECK event_event_key_check keeps every lower-case
// UUID in event_key, so one id cannot be stored twice in two forms.

/** The eventID of event alias `alias`, as the text that was read. */
export function eventIdColumn(alias: string): Prisma.Sql {
  return storedIdColumn(alias, "event");
}

/** The event of alias `alias` whose eventID is exactly `id`, through the unique index of its form. */
export function eventIdEquals(alias: string, id: string): Prisma.Sql {
  const e = Prisma.raw(alias);
  return UUID_TEXT.test(id) ? Prisma.sql`${e}.event_key = ${id}::uuid` : Prisma.sql`${e}.event_id = ${id}`;
}

/** Prisma's filter for the events whose eventID is one of `ids`, each through the unique index of its form. */
export function eventIdsWhere(ids: readonly string[]): Prisma.EventWhereInput {
  return {
    OR: [
      { eventKey: { in: ids.filter((id) => UUID_TEXT.test(id)) } },
      { eventId: { in: ids.filter((id) => !UUID_TEXT.test(id)) } },
    ],
  };
}

/** The eventID of an event read through Prisma with both of its columns. */
export function eventIdOf(e: { eventId: string | null; eventKey: string | null }): string {
  return e.eventId ?? e.eventKey!;
}

/** Both columns, for eventIdOf. */
export const EVENT_ID_SELECT = { eventId: true, eventKey: true } as const satisfies Prisma.EventSelect;
