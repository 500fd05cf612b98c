// Builders for hand-written CloudTrail events in the history tests (not shipped code paths).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { TimelineEvent } from "./types";

let counter = 0;

export interface EventOptions {
  id?: string;
  actor?: string;
  errorCode?: string;
  readOnly?: boolean;
}

/** An event at `time` (ISO, "Z" may be omitted); ids are unique unless given. */
export function ev(
  eventName: string,
  time: string,
  requestParameters: unknown,
  responseElements: unknown = null,
  opts: EventOptions = {},
): TimelineEvent {
  counter += 1;
  return {
    eventId: opts.id ?? `evt-${String(counter).padStart(5, "0")}`,
    eventTime: new Date(time.endsWith("Z") ? time : `${time}Z`),
    eventName,
    errorCode: opts.errorCode ?? null,
    readOnly: opts.readOnly ?? false,
    requestParameters,
    responseElements,
    actorName: opts.actor ?? "alice",
  };
}

/** A raw CloudTrail record as the seed fixtures hold them → TimelineEvent. */
export function fromRecord(raw: Record<string, unknown>): TimelineEvent {
  const identity = (raw.userIdentity ?? {}) as Record<string, unknown>;
  return {
    eventId: String(raw.eventID),
    eventTime: new Date(String(raw.eventTime)),
    eventName: String(raw.eventName),
    errorCode: typeof raw.errorCode === "string" ? raw.errorCode : null,
    readOnly: raw.readOnly === true,
    requestParameters: raw.requestParameters ?? null,
    responseElements: raw.responseElements ?? null,
    actorName: typeof identity.userName === "string" ? identity.userName : undefined,
  };
}

export function seedEvent(file: string): TimelineEvent {
  const path = fileURLToPath(new URL(`../../tests/fixtures/seed/${file}`, import.meta.url));
  return fromRecord(JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>);
}
