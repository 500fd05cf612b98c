import type { NormalisedActor, NormalisedEvent, ResourceRef } from "@/lib/cloudtrail/types";
import type { FacetField } from "@/lib/events/facets";
import { toPostgresText } from "./postgres-text";

// What a batch of newly stored events adds to the counters kept beside them (actor, resource,
// filter-menu facets), each list in key order so concurrent batches lock rows in one order.
// A resource counts one per (event, role) link, like the event_resource rows written. Keys
// are the text PostgreSQL stores (NUL becomes U+FFFD), so they match the rows read back.

export interface ActorCounter {
  actor: NormalisedActor;
  first: Date;
  last: Date;
  count: number;
}

export interface ResourceCounter {
  ref: ResourceRef;
  first: Date;
  last: Date;
  count: number;
  /** Successful writes that targeted it. */
  changes: number;
  lastChangeAt: Date | null;
  /** storedActorKey of the latest change's actor. */
  lastChangeActorKey: string | null;
}

export interface FacetCounter {
  field: FacetField;
  value: string;
  count: number;
}

const FACET_VALUE: Record<FacetField, (e: NormalisedEvent) => string | null> = {
  name: (e) => e.eventName,
  error: (e) => e.errorCode,
  account: (e) => e.accountId,
  region: (e) => e.awsRegion,
  agent: (e) => e.userAgentFamily,
};

export function batchCounters(events: readonly NormalisedEvent[]): { actors: ActorCounter[]; resources: ResourceCounter[]; facets: FacetCounter[] } {
  const actors = new Map<string, ActorCounter>();
  const resources = new Map<string, ResourceCounter>();
  const facets = new Map<string, FacetCounter>();
  for (const e of events) {
    const t = e.eventTime;
    const actorKey = storedActorKey(e);
    const actor = actors.get(actorKey);
    if (actor) {
      if (t < actor.first) actor.first = t;
      if (t > actor.last) actor.last = t;
      actor.count++;
    } else actors.set(actorKey, { actor: e.actor, first: t, last: t, count: 1 });

    const isWrite = !e.readOnly && e.errorCode === null;
    for (const ref of uniqueLinks(e)) {
      const key = resourceKey(ref);
      let r = resources.get(key);
      if (!r) resources.set(key, (r = { ref, first: t, last: t, count: 0, changes: 0, lastChangeAt: null, lastChangeActorKey: null }));
      if (t < r.first) r.first = t;
      if (t > r.last) r.last = t;
      r.count++;
      if (isWrite && ref.role === "target") {
        r.changes++;
        if (r.lastChangeAt === null || t >= r.lastChangeAt) {
          r.lastChangeAt = t;
          r.lastChangeActorKey = actorKey;
        }
      }
    }

    for (const field of Object.keys(FACET_VALUE) as FacetField[]) {
      const raw = FACET_VALUE[field](e);
      if (raw === null) continue;
      const value = toPostgresText(raw);
      const key = `${field}\u0000${value}`;
      const f = facets.get(key);
      if (f) f.count++;
      else facets.set(key, { field, value, count: 1 });
    }
  }
  return {
    actors: sortedValues(actors),
    resources: sortedValues(resources),
    facets: sortedValues(facets),
  };
}

/** An actor's key as PostgreSQL stores it. */
export function storedActorKey(e: NormalisedEvent): string {
  return toPostgresText(e.actor.key);
}

/** A resource's identity as PostgreSQL stores it (so keys of stored rows and of refs agree). */
export function resourceKey(r: { accountId: string; region: string; kind: string; id: string }): string {
  return JSON.stringify([r.accountId, r.region, r.kind, r.id].map(toPostgresText));
}

/** The resources an event touched, once per resource and role (as event_resource holds them). */
export function uniqueLinks(e: NormalisedEvent): ResourceRef[] {
  const seen = new Set<string>();
  return e.resources.filter((ref) => {
    const key = `${resourceKey(ref)}${ref.role}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sortedValues<T>(map: Map<string, T>): T[] {
  return [...map.keys()].sort().map((k) => map.get(k)!);
}
