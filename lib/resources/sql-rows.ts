// Column sets that several resources queries select, and what they become in the domain's
// values. Pure: the queries live in *-queries.ts and their neighbours, these only convert.
import type { TimelineEvent } from "@/lib/history";
import type { ActorRef } from "./types";

export interface ActorColumns {
  actor_key: string | null;
  actor_name: string | null;
  actor_type: string | null;
}

export function actorRef(row: ActorColumns): ActorRef | null {
  return row.actor_key === null
    ? null
    : { key: row.actor_key, name: row.actor_name ?? row.actor_key, type: row.actor_type ?? "Unknown" };
}

export const iso = (d: Date): string => d.toISOString();
export const isoOrNull = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/** What the history needs of an event, as the SQL below selects it. */
export interface HistoryEventColumns {
  event_id: string;
  event_time: Date;
  event_name: string;
  error_code: string | null;
  read_only: boolean;
  request: unknown;
  response: unknown;
  actor_name: string | null;
}

export function timelineEvent(row: HistoryEventColumns): TimelineEvent {
  return {
    eventId: row.event_id,
    eventTime: row.event_time,
    eventName: row.event_name,
    errorCode: row.error_code,
    readOnly: row.read_only,
    requestParameters: row.request ?? null,
    responseElements: row.response ?? null,
    ...(row.actor_name === null ? {} : { actorName: row.actor_name }),
  };
}
