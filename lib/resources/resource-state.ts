import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { yieldToEventLoop } from "@/lib/async/yield-to-event-loop";
import type { ResourceKind } from "@/lib/cloudtrail/types";
import {
  extendHistory,
  orderEvents,
  reconstructHistory,
  type HistoryStep,
  type ResourceHistory,
  type TimelineEvent,
} from "@/lib/history";
import { logger } from "@/lib/log/logger";
import {
  DETAIL_LIMIT,
  extendFacts,
  isHistoryRow,
  UNKNOWN_ACTOR,
  type NewerEvents,
  type ResourceFacts,
  type TimelineRow,
} from "./facts";
import { Memo } from "./memo";
import { DERIVED_ROLE } from "./roles";
import { loadStoredFacts, saveStoredFacts } from "./stored-facts";
import type { DayCount } from "./timeline";
import {
  actorsById,
  eventRecords,
  inferredLinks,
  recordSizes,
  relatedResources,
  resourceEventFacts,
  type ResourceRow,
} from "./timeline-queries";

// A resource's facts (facts.ts) for its current data version — its event count, which every
// ingest that links a new event raises. Kept in memory for the page's further requests (more
// pages, a day picked in the chart, a point in time); otherwise read from resource_history and
// extended with the events that arrived since; built from every event only when nothing is
// stored or a late event belongs before the stored ones.

export interface ResourceState {
  facts: ResourceFacts;
  /** How many events the stored copy of the facts covers. */
  storedEventCount: number;
  steps: Map<string, HistoryStep>;
  /** Every write event, newest first — or null when only the history's are held (pages then come from SQL). */
  writes: TimelineRow[] | null;
  actorOfEvent: Map<string, TimelineRow["actor"]>;
}

/** At most 64 resources, and about this many history steps, write rows and counts in all (a few hundred MB at worst). */
const MAX_HELD_ROWS = 200_000;
const memo = new Memo<ResourceState>(
  64,
  MAX_HELD_ROWS,
  ({ facts }) => facts.history.steps.length + facts.writes.length + facts.counts.length,
);
/** The memo key each resource was last held under: its facts are extended in memory when new events arrive. */
const heldKey = new Map<string, string>();
const saving = new Set<Promise<void>>();

/**
 * Extended facts are stored again once they cover this many more events than the stored copy
 * (at least RESTORE_MIN, or a RESTORE_DIVISORth of the copy): a busy cluster's megabytes of facts
 * are not rewritten for every new event, and a page that starts from the stored copy reads at
 * most this many events to catch up.
 */
export const RESTORE_MIN = 200;
export const RESTORE_DIVISOR = 20;
const restoreAfter = (stored: number) => Math.max(RESTORE_MIN, Math.ceil(stored / RESTORE_DIVISOR));

export function resourceState(prisma: PrismaClient, resource: ResourceRow): Promise<ResourceState> {
  const id = String(resource.id);
  const key = `${id}:${resource.event_count}`;
  const before = heldKey.get(id);
  heldKey.delete(id);
  heldKey.set(id, key);
  if (heldKey.size > 1_024) heldKey.delete(heldKey.keys().next().value!);
  return memo.get(key, async () =>
    currentState(prisma, resource, before === undefined ? undefined : await memo.peek(before)?.catch(() => undefined)),
  );
}

/** Forget what is held in memory (benchmarks of the cold path, tests); stored facts stay. */
export function clearResourceStateCache(): void {
  memo.clear();
  heldKey.clear();
}

/**
 * Bring the stored facts of a resource up to date, without keeping them in this process (the
 * history sweeper). Resolves once they are stored.
 */
export async function storeCurrentFacts(prisma: PrismaClient, resource: ResourceRow): Promise<void> {
  await currentState(prisma, resource, undefined);
  await storedFactsSettled();
}

/** Wait for facts being stored in the background (tests, benchmarks, shutdown). */
export async function storedFactsSettled(): Promise<void> {
  await Promise.all([...saving]);
}

async function currentState(
  prisma: PrismaClient,
  resource: ResourceRow,
  inMemory: ResourceState | undefined,
): Promise<ResourceState> {
  let held = inMemory?.facts;
  let storedEventCount = inMemory?.storedEventCount ?? 0;
  if (!held) {
    held = (await loadStoredFacts(prisma, resource.id)) ?? undefined;
    storedEventCount = held?.eventCount ?? 0;
  }
  let facts = held?.eventCount === resource.event_count ? held : null;
  if (!facts && held && held.eventCount < resource.event_count) facts = await extend(prisma, resource, held);
  if (!facts) {
    facts = await build(prisma, resource);
    storedEventCount = 0;
  }
  const behind = facts.eventCount - storedEventCount;
  if (storedEventCount === 0 ? behind > 0 : behind >= restoreAfter(storedEventCount)) {
    store(prisma, resource.id, facts);
    storedEventCount = facts.eventCount;
  }
  return toState(facts, storedEventCount);
}

/**
 * Stored in the background, after the page has been answered (encoding a busy cluster's facts
 * takes tens of milliseconds); a failure only costs a later rebuild.
 */
function store(prisma: PrismaClient, resourceRowId: bigint, facts: ResourceFacts): void {
  const done = yieldToEventLoop()
    .then(() => saveStoredFacts(prisma, resourceRowId, facts))
    .catch((err: unknown) =>
      logger.error({ err, resourceRowId: String(resourceRowId) }, "Could not store the history of a resource"),
    )
    .finally(() => saving.delete(done));
  saving.add(done);
}

function toState(facts: ResourceFacts, storedEventCount: number): ResourceState {
  return {
    facts,
    storedEventCount,
    steps: new Map(facts.history.steps.map((s) => [s.eventId, s])),
    writes: facts.allWrites ? facts.writes : null,
    actorOfEvent: new Map(facts.writes.map((w) => [w.eventId, w.actor])),
  };
}

async function build(prisma: PrismaClient, resource: ResourceRow): Promise<ResourceFacts> {
  const read = await readEvents(prisma, resource, DETAIL_LIMIT);
  const writeTotal = read.counts.reduce((n, c) => n + (c.readOnly ? 0 : c.count), 0);
  const history = await foldRecords(prisma, resource, null, read.events);
  return {
    history: history!,
    counts: read.counts,
    writes: read.writes,
    allWrites: read.writes.length >= writeTotal,
    related: read.related,
    eventCount: read.eventCount,
    throughTime: read.throughTime,
  };
}

/** `held` with the events after it, or null when a late event belongs before them (then build). */
async function extend(prisma: PrismaClient, resource: ResourceRow, held: ResourceFacts): Promise<ResourceFacts | null> {
  const newer = await readEvents(prisma, resource, Number.MAX_SAFE_INTEGER, held.throughTime ?? undefined);
  // Fewer newer events than the count grew by: some arrived with earlier times.
  if (held.eventCount + newer.eventCount !== resource.event_count) return null;
  const history = await foldRecords(prisma, resource, held.history, newer.events);
  return history ? extendFacts(held, newer, history) : null;
}

/** Record text folded into the history per page (a page always holds one event, whatever its size). */
export const FOLD_PAGE_BYTES = 8 * 1024 * 1024;
/** Events per page at most, however small their records. */
const FOLD_PAGE_EVENTS = 2_000;

/**
 * The history of `start` (null: none) and `events` (without their records yet), their records read and folded a
 * page at a time in the history's own order: pages of at most FOLD_PAGE_BYTES of record text, so a resource with
 * thousands of 1 MB records never has more than a page of them in memory (tests/memory/history-rebuild.test.ts).
 * The order is total and known from the events' rows (time, creates first, deletes last, eventId), so folding
 * page after page gives exactly what folding them all at once gives. Null when `start` cannot be extended
 * (an event sorts before its last step: then build).
 */
async function foldRecords(
  prisma: PrismaClient,
  resource: ResourceRow,
  start: ResourceHistory | null,
  events: readonly TimelineEvent[],
  { pageBytes = FOLD_PAGE_BYTES }: { pageBytes?: number } = {},
): Promise<ResourceHistory | null> {
  const kind = resource.kind as ResourceKind;
  const ordered = orderEvents(events);
  if (ordered.length === 0) return start ?? reconstructHistory(kind, resource.resource_id, []);
  const rowOf = (e: TimelineEvent) => rowIdOf.get(e) as bigint;
  const sizes = await recordSizes(prisma, ordered.map(rowOf));
  let history = start;
  let from = 0;
  while (from < ordered.length) {
    let to = from;
    let bytes = 0;
    do {
      bytes += sizes.get(String(rowOf(ordered[to]!))) ?? 0;
      to += 1;
    } while (
      to < ordered.length &&
      to - from < FOLD_PAGE_EVENTS &&
      bytes + (sizes.get(String(rowOf(ordered[to]!))) ?? 0) <= pageBytes
    );
    const page = ordered.slice(from, to);
    const records = new Map((await eventRecords(prisma, page.map(rowOf))).map((r) => [String(r.row_id), r]));
    const full = page.map((e) => {
      const r = records.get(String(rowOf(e)));
      return { ...e, requestParameters: r?.request ?? null, responseElements: r?.response ?? null };
    });
    history = history ? extendHistory(history, full) : reconstructHistory(kind, resource.resource_id, full);
    if (!history) return null;
    from = to;
  }
  return history;
}

/** The event row id of each event readEvents returns without its record (foldRecords reads the records). */
const rowIdOf = new WeakMap<TimelineEvent, bigint>();

/** What the page needs of the resource's events (all, or those after `after`): counted, listed, and read in full for the history. */
async function readEvents(
  prisma: PrismaClient,
  resource: ResourceRow,
  detailLimit: number,
  after?: Date,
): Promise<NewerEvents> {
  // Records are not read here: foldRecords reads them a byte-bounded page at a time, in the history's order.
  const facts = await resourceEventFacts(prisma, resource.id, { detailLimit, after });
  const historyRows = facts.writes.filter(isHistoryRow);
  const actorIds = new Set<number>([...facts.counts.map((c) => c.actor_id), ...facts.writes.map((w) => w.actor_id)]);
  const successful = historyRows.filter((w) => w.error_code === null).map((w) => BigInt(w.row_id));
  const [actors, related, inferred] = await Promise.all([
    actorsById(
      prisma,
      [...actorIds].map((id) => BigInt(id)),
    ),
    relatedResources(prisma, resource.id, successful),
    inferredLinks(prisma, resource.id, successful),
  ]);
  const actor = (id: number) => actors.get(String(id)) ?? UNKNOWN_ACTOR;

  const writes: TimelineRow[] = facts.writes.map((w) => ({
    rowId: BigInt(w.row_id),
    role: w.role,
    eventId: w.event_id,
    eventTime: new Date(w.event_time),
    eventName: w.event_name,
    errorCode: w.error_code,
    errorMessage: w.error_message,
    readOnly: false,
    actor: actor(w.actor_id),
  }));
  const events: TimelineEvent[] = writes.filter(isHistoryRow).map((w) => {
    const event: TimelineEvent = {
      eventId: w.eventId,
      eventTime: w.eventTime,
      eventName: w.eventName,
      errorCode: w.errorCode,
      readOnly: false,
      requestParameters: null,
      responseElements: null,
      actorName: w.actor.name,
      ...(inferred.has(String(w.rowId)) ? { inferred: inferred.get(String(w.rowId)) } : {}),
      ...(w.role === DERIVED_ROLE ? { derived: true } : {}),
    };
    rowIdOf.set(event, w.rowId);
    return event;
  });
  const counts: DayCount[] = facts.counts.map((c) => ({
    day: c.day,
    eventName: c.event_name,
    readOnly: c.read_only,
    failed: c.failed,
    own: c.own,
    count: c.count,
    firstAt: new Date(c.first_at),
    lastAt: new Date(c.last_at),
    actor: actor(c.actor_id),
  }));
  const lastAt = counts.reduce((t, c) => Math.max(t, c.lastAt.getTime()), -Infinity);
  return {
    events,
    counts,
    writes,
    related,
    eventCount: counts.reduce((n, c) => n + c.count, 0),
    throughTime: counts.length > 0 ? new Date(lastAt) : null,
  };
}
