// The resource page's URL (order, read lane, range, day, point in time): parsed by one zod
// schema on the server (strictly for the API, leniently for the page) and built by the same
// module in the client's links and controls.
import { z } from "zod";
import { cursorSchema } from "@/lib/events/cursor";
import { isoInstant, single, utcDay } from "@/lib/search-params/fields";
import { parseLeniently, type IgnoredParameter } from "@/lib/search-params/lenient";
import { resourceUrl, type ResourceKey } from "@/lib/urls";

const day = single(utcDay.optional());

const shape = {
  order: single(z.enum(["newest", "oldest"]).default("newest")),
  /** collapsed: read-only calls summarised per actor and day; all: each one a row. */
  reads: single(z.enum(["collapsed", "all"]).default("collapsed")),
  /** Range of the chart and timeline, UTC days, inclusive. */
  from: day,
  to: day,
  /** One day picked in the chart. */
  day,
  /** Show the configuration as of this instant. */
  at: single(isoInstant.optional()),
  /**
   * Describe calls that named no resource, shown as collapsed lanes apart from its own events
   * (see account-reads.ts). Shown unless hidden; "show" links from before that still parse.
   */
  accountReads: single(z.enum(["hide", "show"]).default("show")),
};

/** The API (a resource's page as JSON): a bad value or an unknown parameter is a 400 naming it. */
export const timelineQuerySchema = z.strictObject(shape);
/** The API's "load more": the page's own parameters and the `nextCursor` of the page before. */
export const timelinePageQuerySchema = z.strictObject({ ...shape, cursor: single(cursorSchema.optional()) });
/** The page: unknown parameters are ignored (parseTimelineParams drops bad values). */
const timelineParamsSchema = z.object(shape);

export type TimelineParams = z.infer<typeof timelineQuerySchema>;

export const DEFAULT_TIMELINE_PARAMS: TimelineParams = timelineQuerySchema.parse({});

/** For the page: invalid values fall back to their defaults, so a mangled link still shows the resource. */
export function parseTimelineParams(raw: Record<string, string | string[] | undefined>): TimelineParams {
  return parseLeniently(timelineParamsSchema, raw).value;
}

/** The parameters parseTimelineParams drops, with the API's message for each: the page's notice. */
export function ignoredTimelineParams(raw: Record<string, string | string[] | undefined>): IgnoredParameter[] {
  return parseLeniently(timelineParamsSchema, raw).ignored;
}

export function timelineSearch(params: Partial<TimelineParams>): string {
  const full = { ...DEFAULT_TIMELINE_PARAMS, ...params };
  const out = new URLSearchParams();
  if (full.order !== "newest") out.set("order", full.order);
  if (full.reads !== "collapsed") out.set("reads", full.reads);
  if (full.from) out.set("from", full.from);
  if (full.to) out.set("to", full.to);
  if (full.day) out.set("day", full.day);
  if (full.at) out.set("at", full.at);
  if (full.accountReads !== "show") out.set("accountReads", full.accountReads);
  const s = out.toString();
  return s ? `?${s}` : "";
}

export function timelineHref(resource: ResourceKey, params: Partial<TimelineParams>): string {
  return resourceUrl(resource) + timelineSearch(params);
}

/**
 * The timeline "at this moment" of an event (links from event pages): the configuration as
 * of that instant and the events of its UTC day, so the moment is on screen even when the
 * resource has thousands of later events.
 */
export function momentHref(resource: ResourceKey, at: string): string {
  const instant = new Date(at);
  if (Number.isNaN(instant.getTime())) return timelineHref(resource, {});
  const iso = instant.toISOString();
  return timelineHref(resource, { at: iso, day: iso.slice(0, 10) });
}

export interface TimeWindow {
  /** Inclusive; null = since the beginning. */
  start: Date | null;
  /** Exclusive; null = until now. */
  end: Date | null;
}

function windowOf(from: string | undefined, to: string | undefined): TimeWindow {
  return {
    start: from ? new Date(`${from}T00:00:00Z`) : null,
    end: to ? new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000) : null,
  };
}

/** What the activity chart covers: the selected range. */
export function rangeWindow(params: Pick<TimelineParams, "from" | "to">): TimeWindow {
  return windowOf(params.from, params.to);
}

/** What the timeline lists: the range, or the one day picked in the chart. */
export function timelineWindow(params: Pick<TimelineParams, "from" | "to" | "day">): TimeWindow {
  return params.day ? windowOf(params.day, params.day) : windowOf(params.from, params.to);
}
