// The resource page's URL (order, read lane, range, day, point in time): parsed by one zod
// schema on the server and built by the same module in the client's links and controls.
import { z } from "zod";
import { resourceUrl, type ResourceKey } from "@/lib/urls";

const one = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (Array.isArray(v) ? v[0] : v), schema);

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string) =>
  DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
/** A UTC day, "2014-12-01". */
const day = one(z.string().refine(isDay).optional()).catch(undefined);

/** An instant; "2014-12-01T22:32:21Z" and the ".000Z" form both accepted, stored normalised. */
const instant = one(
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T/)
    .refine((s) => !Number.isNaN(Date.parse(s)))
    .transform((s) => new Date(s).toISOString())
    .optional(),
).catch(undefined);

export const timelineParamsSchema = z.object({
  order: one(z.enum(["newest", "oldest"]).default("newest")).catch("newest"),
  /** collapsed: read-only calls summarised per actor and day; all: each one a row. */
  reads: one(z.enum(["collapsed", "all"]).default("collapsed")).catch("collapsed"),
  /** Range of the chart and timeline, UTC days, inclusive. */
  from: day,
  to: day,
  /** One day picked in the chart. */
  day,
  /** Show the configuration as of this instant. */
  at: instant,
  /**
   * Describe calls that named no resource, shown as collapsed lanes apart from its own events
   * (see account-reads.ts). Shown unless hidden; "show" links from before that still parse.
   */
  accountReads: one(z.enum(["hide", "show"]).default("show")).catch("show"),
});

export type TimelineParams = z.infer<typeof timelineParamsSchema>;

export const DEFAULT_TIMELINE_PARAMS: TimelineParams = timelineParamsSchema.parse({});

export function parseTimelineParams(raw: Record<string, string | string[] | undefined>): TimelineParams {
  return timelineParamsSchema.parse(raw);
}

/** The API's "load more" adds an opaque cursor to the page's own parameters. */
export const timelinePageQuerySchema = timelineParamsSchema.extend({
  cursor: one(z.string().max(100).optional()).catch(undefined),
});

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
