// What the resources pages and API exchange: plain, JSON-safe shapes (ISO strings, no
// BigInt, no Date), built on the server from rows and the reconstructed history. What the
// browser fetches (a timeline page) is a zod schema, with which it checks each answer.
import { z } from "zod";
import { actorRefSchema, type ActorRef } from "@/lib/events/types";
import type { ChangeStatus, ResourceStatus, StepCategory } from "@/lib/history";
import { resourceKeySchema, type ResourceKey } from "@/lib/urls";

/** A list of a union's members that the compiler keeps complete (a Record needs every key). */
function enumOf<T extends string>(members: Record<T, true>) {
  return z.enum(Object.keys(members) as [T, ...T[]]);
}

export interface ResourceListRow {
  key: ResourceKey;
  /** From the resource's first, last and last-change events only (see list-facts.ts). */
  engine: string | null;
  engineVersion: string | null;
  status: ResourceStatus;
  firstSeen: string;
  lastSeen: string;
  eventCount: number;
  changeCount: number;
  lastChangeAt: string | null;
  lastChangedBy: ActorRef | null;
}

export interface ResourceList {
  rows: ResourceListRow[];
  total: number;
  page: number;
  pageCount: number;
  /** Resources per kind under the other filters, for the tabs. */
  kindCounts: Record<string, number>;
  accounts: string[];
  regions: string[];
  /** Under an engine or status filter: resources whose summary is still to come, so not listed yet. */
  unsummarised: number;
}

export interface ResourceSummary {
  key: ResourceKey;
  firstSeen: string;
  lastSeen: string;
  eventCount: number;
  changeCount: number;
  lastChangeAt: string | null;
  lastChangedBy: ActorRef | null;
}

export interface LifecycleView {
  index: number;
  status: ResourceStatus;
  createdAt: string | null;
  createdBy: ActorRef | null;
  createEventId: string | null;
  deletedAt: string | null;
  deletedBy: ActorRef | null;
  deleteEventId: string | null;
  firstEventAt: string;
  lastEventAt: string;
}

export interface ConfigFieldView {
  field: string;
  label: string;
  group: string;
  value: string;
  pending: string | null;
  requested: string | null;
}

export interface ConfigurationView {
  /** null: the latest known configuration; otherwise the instant asked for (?at=). */
  asOf: string | null;
  lifecycleIndex: number | null;
  fields: ConfigFieldView[];
  /** Engine, size, placement in a few words, for the header. */
  headline: string[];
  /** With asOf: what differs from the latest known configuration, one line each. */
  changedSince: string[];
}

export interface RelatedResource {
  key: ResourceKey;
  roles: string[];
  sharedEvents: number;
  lastSeen: string;
}

export interface RelatedGroup {
  kind: string;
  label: string;
  resources: RelatedResource[];
}

/** A category of the activity chart: the history's, plus failed calls and events aimed at other resources. */
export type ActivityCategory = StepCategory | "failed" | "related";

export const activityCategorySchema = enumOf<ActivityCategory>({
  create: true,
  modify: true,
  scale: true,
  delete: true,
  reboot: true,
  failover: true,
  snapshot: true,
  tag: true,
  other: true,
  read: true,
  failed: true,
  related: true,
});

export interface ActivityDay {
  day: string;
  total: number;
  counts: Partial<Record<ActivityCategory, number>>;
}

export const changeViewSchema = z.object({
  field: z.string(),
  status: enumOf<ChangeStatus>({ applied: true, pending: true, requested: true }),
  text: z.string(),
});
export type ChangeView = z.infer<typeof changeViewSchema>;

/** What an event aimed at other resources did to them, on the causing side's timeline. */
export const effectViewSchema = z.object({
  /** "member clusters", "users"… */
  label: z.string(),
  resources: z.array(resourceKeySchema),
  /** Resources beyond those listed. */
  more: z.number().int(),
  /** Fields changed on them, or "created" / "deleted". */
  fields: z.array(z.string()),
  /** The resources are derived from the request: the event does not name them (its response was not logged). */
  derived: z.boolean().optional(),
  /** More were affected that the event does not name: how many, null when not known. */
  unnamed: z.number().int().nullable().optional(),
});
export type EffectView = z.infer<typeof effectViewSchema>;

export const timelineItemSchema = z.object({
  eventId: z.string(),
  eventTime: z.string(),
  eventName: z.string(),
  actor: actorRefSchema,
  category: activityCategorySchema,
  readOnly: z.boolean(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  /** The part this resource played (target, member, parameter-group…). */
  role: z.string(),
  changes: z.array(changeViewSchema),
  lifecycleIndex: z.number().int().nullable(),
  /** The event is aimed at this resource (cause) and changed it: "changed by ModifyReplicationGroup on payments-redis". */
  cause: resourceKeySchema.nullable(),
  /** The event changed other resources too. */
  effects: z.array(effectViewSchema),
});
export type TimelineItem = z.infer<typeof timelineItemSchema>;

/** Read-only calls of one UTC day, actor and operation. */
export const readLaneSchema = z.object({
  day: z.string(),
  actor: actorRefSchema,
  eventName: z.string(),
  count: z.number().int(),
  failedCount: z.number().int(),
  /** First and last call of the lane: where it sits among the day's events. */
  firstAt: z.string(),
  lastAt: z.string(),
  /** resource: calls naming this resource; account: calls naming none, which list every resource of its kind. */
  scope: z.enum(["resource", "account"]),
});
export type ReadLane = z.infer<typeof readLaneSchema>;

/** Listing calls that named no resource, in the period of one timeline page (see account-reads.ts). */
export const accountReadsViewSchema = z.object({
  /** The call looked for ("DescribeCacheClusters"). */
  eventName: z.string(),
  lanes: z.array(readLaneSchema),
  /** The period searched: the page's period within the resource's seen life; null when there is none. */
  searched: z.object({ start: z.string(), end: z.string() }).nullable(),
  /** The search stopped early: `searched` is only the part of the page's period next to its first events. */
  truncated: z.boolean(),
});
export type AccountReadsView = z.infer<typeof accountReadsViewSchema>;

export const timelinePageSchema = z.object({
  items: z.array(timelineItemSchema),
  nextCursor: z.string().nullable(),
  /** Account-wide reads of the period this page covers; null when hidden (?accountReads=hide) or the kind has no listing call. */
  accountReads: accountReadsViewSchema.nullable(),
});
export type TimelinePage = z.infer<typeof timelinePageSchema>;

/** Who was primary of a shard from when (replication groups; lib/history/primaries.ts). */
export interface PrimaryView {
  /** nodeGroupId; "" for a single-shard group. */
  shard: string;
  /** null: not known from then on (a failover whose new primary was not reported). */
  clusterId: ResourceKey | null;
  from: string;
  eventId: string;
  eventName: string;
  actorName: string | null;
  note: string | null;
  /** In effect at the page's instant (as of ?at=, or now). */
  current: boolean;
}

export interface ResourcePageData {
  resource: ResourceSummary;
  status: ResourceStatus;
  lifecycles: LifecycleView[];
  configuration: ConfigurationView;
  /** Replication groups: the primary of each shard over time, oldest first ([] when never reported). */
  primaries: PrimaryView[];
  related: RelatedGroup[];
  activity: ActivityDay[];
  /** Read-only calls naming the resource, collapsed; account-wide ones come with each timeline page. */
  readLanes: ReadLane[];
  /** Events in the timeline's window: all, and of them read-only. */
  windowCounts: { events: number; reads: number };
  timeline: TimelinePage;
}
