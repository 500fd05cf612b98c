// The configuration map and the builder that evolves it one event at a time. Every change
// to the map goes through the builder, which records it as a FieldChange, so a step's
// `changes` always account for the difference between the configuration before and after.
import { isSecretKey, withoutSecretFields } from "@/lib/cloudtrail/secrets";
import type { ConfigEntry, Configuration, FieldChange, ResourceHistory } from "./types";
import { sameValue } from "./values";

export const EMPTY_CONFIGURATION: Configuration = Object.freeze({});

export const NOTE_PENDING_APPLIED = "pending change applied";
export const NOTE_REQUESTED_APPLIED = "requested change applied";
export const NOTE_OBSERVED = "observed in response";
export const NOTE_PENDING_DROPPED = "pending change no longer reported";
export const NOTE_APPLY_IMMEDIATELY = "apply immediately";

function entry(value: unknown, pending: unknown, requested: unknown): ConfigEntry {
  const e: ConfigEntry = { value };
  if (pending !== undefined) e.pending = pending;
  if (requested !== undefined) e.requested = requested;
  return Object.freeze(e);
}

/** Secret-named fields never hold a value, whatever a caller passes. */
function safe(field: string, value: unknown): unknown {
  return isSecretKey(field) ? (value === undefined ? undefined : null) : withoutSecretFields(value);
}

export class ConfigBuilder {
  readonly changes: FieldChange[] = [];
  private readonly next: Record<string, ConfigEntry>;
  private dirty = false;

  constructor(private readonly base: Configuration) {
    this.next = { ...base };
  }

  get(field: string): ConfigEntry | undefined {
    return Object.hasOwn(this.next, field) ? this.next[field] : undefined;
  }

  value(field: string): unknown {
    return this.get(field)?.value;
  }

  fields(): string[] {
    return Object.keys(this.next);
  }

  /** The value is now in effect. `undefined` removes the field (a removed tag). */
  apply(field: string, raw: unknown, note?: string): void {
    const value = safe(field, raw);
    const cur = this.get(field);
    if (cur === undefined ? value === undefined : sameValue(cur.value, value)) return;
    let why = note;
    if (cur?.pending !== undefined && sameValue(cur.pending, value)) why ??= NOTE_PENDING_APPLIED;
    else if (cur?.requested !== undefined && sameValue(cur.requested, value)) why ??= NOTE_REQUESTED_APPLIED;
    this.push({ field, from: cur?.value, to: value, status: "applied", note: why });
    if (value === undefined) {
      delete this.next[field];
    } else {
      const pending = cur?.pending !== undefined && !sameValue(cur.pending, value) ? cur.pending : undefined;
      const requested = cur?.requested !== undefined && !sameValue(cur.requested, value) ? cur.requested : undefined;
      this.next[field] = entry(value, pending, requested);
    }
    this.dirty = true;
  }

  /** A response reported this value without this call asking for it. */
  observe(field: string, value: unknown): void {
    const cur = this.get(field);
    const explained =
      (cur?.pending !== undefined && sameValue(cur.pending, value)) ||
      (cur?.requested !== undefined && sameValue(cur.requested, value));
    // Status moves with every call; labelling each move "observed" would only add noise.
    this.apply(field, value, explained || field === "status" ? undefined : NOTE_OBSERVED);
  }

  /** The service will apply this value later (maintenance window, or shortly). */
  pend(field: string, raw: unknown, note?: string): void {
    const value = safe(field, raw);
    const cur = this.get(field);
    if (cur?.pending !== undefined && sameValue(cur.pending, value)) {
      // Asking again for a value already pending, to have it applied now, is a change of its own
      // (by its caller): the pending value's timing moves from "later" to "now".
      if (note === NOTE_APPLY_IMMEDIATELY) this.push({ field, from: cur.value, to: value, status: "pending", note });
      return;
    }
    if (cur?.pending === undefined && sameValue(cur?.value, value)) return;
    this.push({ field, from: cur?.value, to: value, status: "pending", note });
    this.next[field] = entry(cur?.value, value, undefined);
    this.dirty = true;
  }

  /** Asked for, not confirmed by any response. */
  request(field: string, raw: unknown, note?: string): void {
    const value = safe(field, raw);
    const cur = this.get(field);
    if (sameValue(cur?.value, value) && cur?.pending === undefined) return;
    if (cur?.requested !== undefined && sameValue(cur.requested, value)) return;
    this.push({ field, from: cur?.value, to: value, status: "requested", note });
    this.next[field] = entry(cur?.value, cur?.pending, value === undefined ? null : value);
    this.dirty = true;
  }

  /** The service no longer lists a pending value and did not apply it. */
  dropPending(field: string): void {
    const cur = this.get(field);
    if (cur?.pending === undefined) return;
    this.push({ field, from: cur.pending, to: cur.value, status: "applied", note: NOTE_PENDING_DROPPED });
    this.next[field] = entry(cur.value, undefined, cur.requested);
    this.dirty = true;
  }

  /** A change with no configuration value behind it (a secret rotated, a failover asked for). */
  record(change: FieldChange): void {
    this.push({ ...change, from: safe(change.field, change.from) ?? null, to: safe(change.field, change.to) ?? null });
  }

  result(): Configuration {
    if (!this.dirty) return this.base;
    return Object.freeze({ ...this.next });
  }

  private push(change: FieldChange): void {
    const c: FieldChange = { field: change.field, from: change.from, to: change.to, status: change.status };
    if (change.note !== undefined) c.note = change.note;
    this.changes.push(c);
  }
}

/** The configuration in effect at `time`: the one after the last event at or before it. */
export function configurationAt(history: Pick<ResourceHistory, "steps">, time: Date): Configuration {
  const t = time.getTime();
  const steps = history.steps;
  let lo = 0;
  let hi = steps.length; // first index whose eventTime is after t
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((steps[mid]?.eventTime.getTime() ?? Infinity) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? EMPTY_CONFIGURATION : (steps[lo - 1]?.configAfter ?? EMPTY_CONFIGURATION);
}

/** Plain values of a configuration (`{numCacheNodes: 2, …}`), for display and tests. */
export function configurationValues(config: Configuration): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, e] of Object.entries(config)) out[k] = e.value;
  return out;
}
