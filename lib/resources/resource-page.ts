import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ResourceKind } from "@/lib/cloudtrail/types";
import { reconstructHistory, type HistoryStep, type ResourceHistory } from "@/lib/history";
import type { ResourceKey } from "@/lib/urls";
import { KINDS, kindInfo } from "./kinds";
import { actorRef, iso, isoOrNull, timelineEvent } from "./rows";
import { rangeWindow, timelineWindow, type TimeWindow, type TimelineParams } from "./timeline-params";
import {
  activityCounts,
  decodeCursor,
  encodeCursor,
  findResource,
  historyEvents,
  relatedResources,
  timelineEvents,
  type ActivityCountRow,
  type HistoryEventRow,
  type ResourceRow,
  type TimelineEventRow,
} from "./timeline-queries";
import { activityDays, configurationView, lifecycleViews, readLanes, timelineItem, type CountRow } from "./timeline";
import type { ActorRef, RelatedGroup, ResourcePageData, ResourceSummary, TimelinePage } from "./types";

// One resource's page, assembled from a handful of index-bound queries: its write events
// (the whole configuration history is rebuilt from them on each request — a few hundred rows
// even for a cluster with tens of thousands of events), an aggregate of all its events for the
// chart and the read lanes, and one keyset page of the timeline.

export const TIMELINE_PAGE_SIZE = 100;

const UNKNOWN_ACTOR: ActorRef = { key: "", name: "unknown", type: "Unknown" };

interface History {
  resource: ResourceRow;
  rows: HistoryEventRow[];
  history: ResourceHistory;
  steps: Map<string, HistoryStep>;
}

async function loadHistory(prisma: PrismaClient, resource: ResourceRow): Promise<History> {
  const rows = await historyEvents(prisma, resource.id);
  const history = reconstructHistory(resource.kind as ResourceKind, resource.resource_id, rows.map(timelineEvent));
  return { resource, rows, history, steps: new Map(history.steps.map((s) => [s.eventId, s])) };
}

function summary(row: ResourceRow): ResourceSummary {
  return {
    key: { accountId: row.account_id, region: row.region, kind: row.kind, resourceId: row.resource_id },
    firstSeen: iso(row.first_seen),
    lastSeen: iso(row.last_seen),
    eventCount: row.event_count,
    changeCount: row.change_count,
    lastChangeAt: isoOrNull(row.last_change_at),
    lastChangedBy: actorRef(row),
  };
}

function toPage(rows: TimelineEventRow[], h: History): TimelinePage {
  const more = rows.length > TIMELINE_PAGE_SIZE;
  const page = more ? rows.slice(0, TIMELINE_PAGE_SIZE) : rows;
  const items = page.map((r) =>
    timelineItem(
      {
        eventId: r.event_id,
        eventTime: r.event_time,
        eventName: r.event_name,
        errorCode: r.error_code,
        errorMessage: r.error_message,
        readOnly: r.read_only,
        role: r.role,
        actor: actorRef(r) ?? UNKNOWN_ACTOR,
      },
      h.steps.get(r.event_id),
      h.history.lifecycles,
    ),
  );
  const last = page.at(-1);
  return { items, nextCursor: more && last ? encodeCursor(last) : null };
}

function pageQuery(params: TimelineParams, cursor: string | undefined) {
  return {
    window: timelineWindow(params),
    order: params.order,
    includeReads: params.reads === "all",
    cursor: decodeCursor(cursor),
    limit: TIMELINE_PAGE_SIZE + 1,
  };
}

/** The chart covers the range; a day picked outside it (a hand-edited URL) widens it so its lanes still show. */
function countsWindow(params: TimelineParams): TimeWindow {
  const range = rangeWindow(params);
  const day = timelineWindow(params);
  if (!params.day) return range;
  return {
    start: range.start && day.start && day.start < range.start ? day.start : range.start,
    end: range.end && day.end && day.end > range.end ? day.end : range.end,
  };
}

function inWindow(day: string, w: TimeWindow): boolean {
  const t = Date.parse(`${day}T00:00:00Z`);
  return (!w.start || t >= w.start.getTime()) && (!w.end || t < w.end.getTime());
}

function countRows(rows: ActivityCountRow[]): CountRow[] {
  return rows.map((r) => ({
    day: r.day,
    eventName: r.event_name,
    readOnly: r.read_only,
    failed: r.failed,
    own: r.own,
    count: r.count,
    actor: actorRef(r) ?? UNKNOWN_ACTOR,
  }));
}

function groupRelated(rows: Awaited<ReturnType<typeof relatedResources>>): RelatedGroup[] {
  const groups = new Map<string, RelatedGroup>();
  for (const r of rows) {
    let g = groups.get(r.kind);
    if (!g) {
      g = { kind: r.kind, label: kindInfo(r.kind).label, resources: [] };
      groups.set(r.kind, g);
    }
    g.resources.push({
      key: { accountId: r.account_id, region: r.region, kind: r.kind, resourceId: r.resource_id },
      roles: r.roles,
      sharedEvents: r.shared,
      lastSeen: iso(r.last_seen),
    });
  }
  const rank = (kind: string) => KINDS.findIndex((k) => k.kind === kind);
  return [...groups.values()].sort((a, b) => rank(a.kind) - rank(b.kind));
}

export async function loadResourcePage(prisma: PrismaClient, key: ResourceKey, params: TimelineParams): Promise<ResourcePageData | null> {
  const resource = await findResource(prisma, key);
  if (!resource) return null;
  const [h, counts, pageRows] = await Promise.all([
    loadHistory(prisma, resource),
    activityCounts(prisma, resource.id, countsWindow(params)),
    timelineEvents(prisma, resource.id, pageQuery(params, undefined)),
  ]);
  const writes = h.rows.filter((r) => !r.error_code).map((r) => r.row_id);
  const related = await relatedResources(prisma, resource.id, writes);

  const actors = new Map(h.rows.map((r) => [r.event_id, actorRef(r)]));
  const all = countRows(counts);
  const range = rangeWindow(params);
  const listed = timelineWindow(params);
  const inRange = all.filter((c) => inWindow(c.day, range));
  const inList = all.filter((c) => inWindow(c.day, listed));

  return {
    resource: summary(resource),
    status: h.history.status,
    lifecycles: lifecycleViews(h.history, (id) => (id === undefined ? null : (actors.get(id) ?? null))),
    configuration: configurationView(h.history, params.at),
    related: groupRelated(related),
    activity: activityDays(inRange, range.start ?? resource.first_seen, range.end ? new Date(range.end.getTime() - 1) : resource.last_seen),
    readLanes: readLanes(inList),
    windowCounts: {
      events: inList.reduce((n, c) => n + c.count, 0),
      reads: inList.reduce((n, c) => n + (c.readOnly ? c.count : 0), 0),
    },
    timeline: toPage(pageRows, h),
  };
}

/** A further page of the timeline ("load older events"), for the API. */
export async function loadTimelinePage(
  prisma: PrismaClient,
  key: ResourceKey,
  params: TimelineParams,
  cursor: string | undefined,
): Promise<TimelinePage | null> {
  const resource = await findResource(prisma, key);
  if (!resource) return null;
  const [h, rows] = await Promise.all([loadHistory(prisma, resource), timelineEvents(prisma, resource.id, pageQuery(params, cursor))]);
  return toPage(rows, h);
}
