// What the resources pages and API exchange: plain, JSON-safe shapes (ISO strings, no
// BigInt, no Date), built on the server from rows and the reconstructed history.
import type { ChangeStatus, ResourceStatus, StepCategory } from "@/lib/history";
import type { ResourceKey } from "@/lib/urls";

export interface ActorRef {
  key: string;
  name: string;
  type: string;
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

export interface ActivityDay {
  day: string;
  total: number;
  counts: Partial<Record<ActivityCategory, number>>;
}

export interface ChangeView {
  field: string;
  status: ChangeStatus;
  text: string;
}

export interface TimelineItem {
  eventId: string;
  eventTime: string;
  eventName: string;
  actor: ActorRef;
  category: ActivityCategory;
  readOnly: boolean;
  errorCode: string | null;
  errorMessage: string | null;
  /** The part this resource played (target, member, parameter-group…). */
  role: string;
  changes: ChangeView[];
  lifecycleIndex: number | null;
}

export interface TimelinePage {
  items: TimelineItem[];
  nextCursor: string | null;
  /** Account-wide reads of the period this page covers; null when hidden (?accountReads=hide) or the kind has no listing call. */
  accountReads: AccountReadsView | null;
}

/** Listing calls that named no resource, in the period of one timeline page (see account-reads.ts). */
export interface AccountReadsView {
  /** The call looked for ("DescribeCacheClusters"). */
  eventName: string;
  lanes: ReadLane[];
  /** The period searched: the page's period within the resource's seen life; null when there is none. */
  searched: { start: string; end: string } | null;
  /** The search stopped early: `searched` is only the part of the page's period next to its first events. */
  truncated: boolean;
}

/** Read-only calls of one UTC day, actor and operation. */
export interface ReadLane {
  day: string;
  actor: ActorRef;
  eventName: string;
  count: number;
  failedCount: number;
  /** First and last call of the lane: where it sits among the day's events. */
  firstAt: string;
  lastAt: string;
  /** resource: calls naming this resource; account: calls naming none, which list every resource of its kind. */
  scope: "resource" | "account";
}

export interface ResourcePageData {
  resource: ResourceSummary;
  status: ResourceStatus;
  lifecycles: LifecycleView[];
  configuration: ConfigurationView;
  related: RelatedGroup[];
  activity: ActivityDay[];
  /** Read-only calls naming the resource, collapsed; account-wide ones come with each timeline page. */
  readLanes: ReadLane[];
  /** Events in the timeline's window: all, and of them read-only. */
  windowCounts: { events: number; reads: number };
  timeline: TimelinePage;
}
