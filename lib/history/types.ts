// Shapes of a reconstructed configuration history. Pure data: no DB rows, no React.
import type { ResourceKind } from "@/lib/cloudtrail/types";

/** One CloudTrail event that concerns the resource whose history is being rebuilt. */
export interface TimelineEvent {
  eventId: string;
  eventTime: Date;
  eventName: string;
  errorCode: string | null;
  readOnly: boolean;
  requestParameters: unknown;
  responseElements: unknown;
  actorName?: string;
  /** Resources the event does not name but reached, as the store inferred them (lib/resources/event-links.ts). */
  inferred?: EffectRef[];
  /**
   * The event does not name this resource: its id is derived from the request (a member an IncreaseReplicaCount,
   * resharding or CreateReplicationGroup with a null response added or removed; effects.ts, `unnamed`).
   */
  derived?: boolean;
}

export type StepCategory =
  "create" | "modify" | "delete" | "reboot" | "failover" | "snapshot" | "tag" | "scale" | "read" | "other";

/**
 * applied: the value is in effect (the response reported it, or the call is synchronous).
 * pending: the response lists it among pending modifications.
 * requested: asked for, but no response confirms it (null response, or the response still shows the old value).
 */
export type ChangeStatus = "applied" | "pending" | "requested";

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
  status: ChangeStatus;
  /** e.g. "apply immediately", "pending change applied", "auth token rotated". */
  note?: string;
}

/**
 * What is known about one field. `value` is the applied value (undefined when unknown);
 * `pending` a value the service said it will apply later; `requested` a value asked for
 * that no response has confirmed yet. `null` is a real value ("none"), never "unknown".
 */
export interface ConfigEntry {
  value: unknown;
  pending?: unknown;
  requested?: unknown;
}

/** Flat map of field name → entry; nested facts are dotted (`parameters.maxmemory-policy`, `tags.env`). */
export type Configuration = Readonly<Record<string, Readonly<ConfigEntry>>>;

/** A resource named by kind and id (the cause of an effect, or a resource an event affected). */
export interface EffectRef {
  kind: ResourceKind;
  resourceId: string;
}

/** What an event did to other resources, for the causing side's timeline (lib/history/effects.ts). */
export interface StepEffect {
  kind: ResourceKind;
  resourceIds: string[];
  /** Fields changed on them, or "created" / "deleted". */
  fields: string[];
  /** The ids are derived from the request, not named by the event (a null response; effects.ts, addedReplicas). */
  derived?: true;
  /** Affected resources the event does not name and whose ids cannot be derived: how many (null: not known). */
  unnamed?: number | null;
}

export interface HistoryStep {
  eventId: string;
  eventTime: Date;
  eventName: string;
  actorName: string | null;
  category: StepCategory;
  failed: boolean;
  changes: FieldChange[];
  /** The configuration once this event is taken into account (shared, frozen object). */
  configAfter: Configuration;
  lifecycleIndex: number;
  /** The event is aimed at another resource and changed this one: that resource (effects.ts). */
  cause?: EffectRef;
  /** The event is aimed at this resource and changed others too. */
  effects?: StepEffect[];
}

/**
 * live: exists as far as the events show; deleted: a delete was seen (or a later re-create
 * implies one); unknown: only reads or failures seen.
 */
export type ResourceStatus = "live" | "deleted" | "unknown";

export interface Lifecycle {
  index: number;
  status: ResourceStatus;
  createdAt?: Date;
  createdBy?: string;
  createEventId?: string;
  deletedAt?: Date;
  deletedBy?: string;
  deleteEventId?: string;
  firstEventAt: Date;
  lastEventAt: Date;
}

export interface ResourceHistory {
  kind: ResourceKind;
  resourceId: string;
  status: ResourceStatus;
  lifecycles: Lifecycle[];
  steps: HistoryStep[];
}

/** Read-only calls collapsed per UTC day, actor and operation. */
export interface ReadSummary {
  day: string;
  actorName: string;
  eventName: string;
  count: number;
  failedCount: number;
  eventIds: string[];
}
