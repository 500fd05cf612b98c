import "server-only";
import { decodeCursor, encodeCursor, type EventPosition } from "@/lib/events/cursor";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ResourceKey } from "@/lib/urls";
import { accountWideReads } from "./account-reads";
import { KINDS, kindInfo } from "./kinds";
import { existence, pageSpan } from "./page-span";
import { UNKNOWN_ACTOR, type RelatedResourceFact, type TimelineRow } from "./facts";
import { resourceState, type ResourceState } from "./resource-state";
import { actorRef, iso, isoOrNull } from "./sql-rows";
import { rangeWindow, timelineWindow, type TimeWindow, type TimelineParams } from "./timeline-params";
import { findResource, timelineEvents, type ResourceRow } from "./timeline-queries";
import {
  activityDays,
  configurationView,
  lifecycleViews,
  primaryViews,
  readLanes,
  timelineItem,
  type DayCount,
} from "./timeline";
import type { RelatedGroup, ResourcePageData, ResourceSummary, TimelinePage } from "./types";

// One resource's page: its state (history, counts, writes — see resource-state.ts) and one
// keyset page of its timeline. With reads collapsed the page is cut from the write events in
// memory; with every read shown it is one index range of event_resource (LIMIT 101). Each page
// brings the account-wide reads of the period it covers, so they cost what the page shows.

export const TIMELINE_PAGE_SIZE = 100;

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

async function toPage(
  prisma: PrismaClient,
  resource: ResourceRow,
  rows: TimelineRow[],
  state: ResourceState,
  params: TimelineParams,
  cursor: EventPosition | null,
): Promise<TimelinePage> {
  const more = rows.length > TIMELINE_PAGE_SIZE;
  const page = more ? rows.slice(0, TIMELINE_PAGE_SIZE) : rows;
  const home = summary(resource).key;
  const items = page.map((r) => timelineItem(r, state.steps.get(r.eventId), state.facts.history.lifecycles, home));
  const last = page.at(-1);
  const span = pageSpan({
    order: params.order,
    window: timelineWindow(params),
    ...existence({ firstSeen: resource.first_seen, lastSeen: resource.last_seen }, state.facts.history.lifecycles),
    cursorTime: cursor?.time ?? null,
    lastEventTime: more && last ? last.eventTime : null,
  });
  const accountReads =
    params.accountReads === "show" ? await accountWideReads(prisma, resource, span, params.order) : null;
  return {
    items,
    nextCursor: more && last ? encodeCursor({ time: last.eventTime, id: last.rowId }) : null,
    accountReads,
  };
}

const before = (r: TimelineRow, c: EventPosition) =>
  r.eventTime < c.time || (r.eventTime.getTime() === c.time.getTime() && r.rowId < c.id);
const after = (r: TimelineRow, c: EventPosition) =>
  r.eventTime > c.time || (r.eventTime.getTime() === c.time.getTime() && r.rowId > c.id);

/** The same keyset page as the SQL below, cut from the write events held in memory. */
function pageFromWrites(writes: TimelineRow[], params: TimelineParams, cursor: EventPosition | null): TimelineRow[] {
  const w = timelineWindow(params);
  const inWindow = (r: TimelineRow) => (!w.start || r.eventTime >= w.start) && (!w.end || r.eventTime < w.end);
  const ordered = params.order === "newest" ? writes : [...writes].reverse();
  const out: TimelineRow[] = [];
  for (const r of ordered) {
    if (!inWindow(r)) continue;
    if (cursor && !(params.order === "newest" ? before(r, cursor) : after(r, cursor))) continue;
    out.push(r);
    if (out.length > TIMELINE_PAGE_SIZE) break;
  }
  return out;
}

async function timelineRows(
  prisma: PrismaClient,
  resource: ResourceRow,
  state: ResourceState,
  params: TimelineParams,
  cursor: EventPosition | null,
): Promise<TimelineRow[]> {
  if (params.reads === "collapsed" && state.writes) return pageFromWrites(state.writes, params, cursor);
  const rows = await timelineEvents(prisma, resource.id, {
    window: timelineWindow(params),
    order: params.order,
    includeReads: params.reads === "all",
    cursor,
    limit: TIMELINE_PAGE_SIZE + 1,
  });
  return rows.map((r) => ({
    rowId: r.row_id,
    role: r.role,
    eventId: r.event_id,
    eventTime: r.event_time,
    eventName: r.event_name,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    readOnly: r.read_only,
    actor: actorRef(r) ?? UNKNOWN_ACTOR,
  }));
}

function inWindow(day: string, w: TimeWindow): boolean {
  const t = Date.parse(`${day}T00:00:00Z`);
  return (!w.start || t >= w.start.getTime()) && (!w.end || t < w.end.getTime());
}

function groupRelated(rows: RelatedResourceFact[]): RelatedGroup[] {
  const groups = new Map<string, RelatedGroup>();
  for (const r of rows) {
    let g = groups.get(r.kind);
    if (!g) {
      g = { kind: r.kind, label: kindInfo(r.kind).label, resources: [] };
      groups.set(r.kind, g);
    }
    g.resources.push({
      key: { accountId: r.accountId, region: r.region, kind: r.kind, resourceId: r.resourceId },
      roles: r.roles,
      sharedEvents: r.shared,
      lastSeen: iso(r.lastSeen),
    });
  }
  const rank = (kind: string) => KINDS.findIndex((k) => k.kind === kind);
  return [...groups.values()].sort((a, b) => rank(a.kind) - rank(b.kind));
}

export async function loadResourcePage(
  prisma: PrismaClient,
  key: ResourceKey,
  params: TimelineParams,
): Promise<ResourcePageData | null> {
  const resource = await findResource(prisma, key);
  if (!resource) return null;
  const state = await resourceState(prisma, resource);
  const rows = await timelineRows(prisma, resource, state, params, null);
  const timeline = await toPage(prisma, resource, rows, state, params, null);

  const range = rangeWindow(params);
  const listed = timelineWindow(params);
  const inRange: DayCount[] = state.facts.counts.filter((c) => inWindow(c.day, range));
  const inList = state.facts.counts.filter((c) => inWindow(c.day, listed));
  return {
    resource: summary(resource),
    status: state.facts.history.status,
    lifecycles: lifecycleViews(state.facts.history, (id) =>
      id === undefined ? null : (state.actorOfEvent.get(id) ?? null),
    ),
    configuration: configurationView(state.facts.history, params.at),
    primaries: primaryViews(state.facts.history, summary(resource).key, params.at),
    related: groupRelated(state.facts.related),
    activity: activityDays(
      inRange,
      range.start ?? resource.first_seen,
      range.end ? new Date(range.end.getTime() - 1) : resource.last_seen,
    ),
    readLanes: readLanes(inList),
    windowCounts: {
      events: inList.reduce((n, c) => n + c.count, 0),
      reads: inList.reduce((n, c) => n + (c.readOnly ? c.count : 0), 0),
    },
    timeline,
  };
}

/**
 * A further page of the timeline ("load older events"), for the API: the one after `cursor`,
 * the `nextCursor` of the page before (the API has checked it is one).
 */
export async function loadTimelinePage(
  prisma: PrismaClient,
  key: ResourceKey,
  params: TimelineParams,
  cursor: string | undefined,
): Promise<TimelinePage | null> {
  const resource = await findResource(prisma, key);
  if (!resource) return null;
  const state = await resourceState(prisma, resource);
  const after = cursor === undefined ? null : decodeCursor(cursor);
  return toPage(prisma, resource, await timelineRows(prisma, resource, state, params, after), state, params, after);
}
