// ResourceFacts as compact JSON for resource_history.body. A busy cluster's facts hold tens of
// thousands of rows, so rows are tuples and actors are referred to by index: reading them back
// costs a fraction of rebuilding them from the events.
import {
  decodeHistory,
  encodeHistory,
  HISTORY_ENCODING_VERSION,
  type EncodedHistory,
  type EncodedStep,
} from "@/lib/history/encoding";
import { UNKNOWN_ACTOR, type RelatedResourceFact, type ResourceFacts, type TimelineRow } from "./facts";
import type { DayCount } from "./timeline";
import type { ActorRef } from "./types";

/** resource_history.version: the history's rules and this layout (the last two digits). */
export const FACTS_VERSION = HISTORY_ENCODING_VERSION * 100 + 2;

type CountTuple = [
  day: string,
  eventName: string,
  readOnly: boolean,
  failed: boolean,
  own: boolean,
  count: number,
  firstAt: number,
  lastAt: number,
  actor: number,
];
type WriteTuple = [
  rowId: string,
  role: string,
  eventId: string,
  time: number,
  eventName: string,
  errorCode: string | null,
  errorMessage: string | null,
  actor: number,
];
type RelatedTuple = [
  kind: string,
  resourceId: string,
  accountId: string,
  region: string,
  roles: string[],
  shared: number,
  lastSeen: number,
];

/** A history step whose event is write `w`: its id, time, name and actor are the write's. */
type StepOfWrite = Omit<EncodedStep, "id" | "t" | "name" | "actor"> & { w: number };

export interface EncodedFacts {
  history: Omit<EncodedHistory, "steps"> & { steps: Array<EncodedStep | StepOfWrite> };
  actors: ActorRef[];
  counts: CountTuple[];
  writes: WriteTuple[];
  allWrites: boolean;
  related: RelatedTuple[];
  eventCount: number;
  throughTime: number | null;
}

export function encodeFacts(facts: ResourceFacts): EncodedFacts {
  const actors: ActorRef[] = [];
  const index = new Map<string, number>();
  const actor = (a: ActorRef) => {
    let i = index.get(a.key);
    if (i === undefined) index.set(a.key, (i = actors.push(a) - 1));
    return i;
  };
  const writeOf = new Map(facts.writes.map((w, i) => [w.eventId, i]));
  const history = encodeHistory(facts.history);
  // Most steps are write events also listed in `writes`: say which, instead of repeating them.
  const steps = history.steps.map((step): EncodedStep | StepOfWrite => {
    const i = writeOf.get(step.id);
    const w = i === undefined ? undefined : facts.writes[i];
    if (
      i === undefined ||
      w?.eventTime.getTime() !== step.t ||
      w.eventName !== step.name ||
      w.actor.name !== step.actor
    )
      return step;
    const { id, t, name, actor: actorName, ...rest } = step;
    return { ...rest, w: i };
  });
  return {
    history: { ...history, steps },
    counts: facts.counts.map((c) => [
      c.day,
      c.eventName,
      c.readOnly,
      c.failed,
      c.own,
      c.count,
      c.firstAt.getTime(),
      c.lastAt.getTime(),
      actor(c.actor),
    ]),
    writes: facts.writes.map((w) => [
      String(w.rowId),
      w.role,
      w.eventId,
      w.eventTime.getTime(),
      w.eventName,
      w.errorCode,
      w.errorMessage,
      actor(w.actor),
    ]),
    allWrites: facts.allWrites,
    related: facts.related.map((r) => [
      r.kind,
      r.resourceId,
      r.accountId,
      r.region,
      r.roles,
      r.shared,
      r.lastSeen.getTime(),
    ]),
    eventCount: facts.eventCount,
    throughTime: facts.throughTime?.getTime() ?? null,
    actors,
  };
}

/** The facts `encodeFacts` was given, or null if they were encoded under other rules. */
export function decodeFacts(encoded: EncodedFacts): ResourceFacts | null {
  const actor = (i: number): ActorRef => encoded.actors[i] ?? UNKNOWN_ACTOR;
  // Filled in place: the parsed JSON is ours, and copying ten thousand steps costs more than parsing them.
  const steps = encoded.history.steps as Array<EncodedStep & { w?: number }>;
  for (const step of steps) {
    if (step.w === undefined) continue;
    const w = encoded.writes[step.w]!;
    step.id = w[2];
    step.t = w[3];
    step.name = w[4];
    step.actor = actor(w[7]).name;
  }
  const history = decodeHistory({ ...encoded.history, steps });
  if (!history) return null;
  return {
    history,
    counts: encoded.counts.map(([day, eventName, readOnly, failed, own, count, firstAt, lastAt, a]): DayCount => ({
      day,
      eventName,
      readOnly,
      failed,
      own,
      count,
      firstAt: new Date(firstAt),
      lastAt: new Date(lastAt),
      actor: actor(a),
    })),
    writes: encoded.writes.map(([rowId, role, eventId, time, eventName, errorCode, errorMessage, a]): TimelineRow => ({
      rowId: BigInt(rowId),
      role,
      eventId,
      eventTime: new Date(time),
      eventName,
      errorCode,
      errorMessage,
      readOnly: false,
      actor: actor(a),
    })),
    allWrites: encoded.allWrites,
    related: encoded.related.map(
      ([kind, resourceId, accountId, region, roles, shared, lastSeen]): RelatedResourceFact => ({
        kind,
        resourceId,
        accountId,
        region,
        roles,
        shared,
        lastSeen: new Date(lastSeen),
      }),
    ),
    eventCount: encoded.eventCount,
    throughTime: encoded.throughTime === null ? null : new Date(encoded.throughTime),
  };
}
