import { z } from "zod";
import { blankToUndefined, isoInstant, queryText, single } from "@/lib/search-params/fields";
import { parseLeniently, type IgnoredParameter } from "@/lib/search-params/lenient";
import { eventExportApiUrl, eventListApiUrl, eventListUrl } from "@/lib/urls";
import { cursorSchema } from "./cursor";
import { securityFlagSchema } from "@/lib/security/flags";
import { eventKindSchema } from "./kind";

// The event explorer's whole view state — filters, sort, page position — as URL search
// parameters. The same schema parses them on the server (page and API) and, through
// eventSearchParams, builds them on the client, so a copied link reopens the same view.

export const TIME_PRESETS = { "24h": 24 * 3600_000, "7d": 7 * 24 * 3600_000, "30d": 30 * 24 * 3600_000 } as const;
export type TimePreset = keyof typeof TIME_PRESETS;

export const USER_AGENT_FAMILIES = [
  "console",
  "aws-cli",
  "sdk",
  "terraform",
  "cloudformation",
  "aws-service",
  "other",
] as const;
export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;

const text = (max: number) => single(queryText(max).optional());

/** Repeated keys (?name=a&name=b) and comma lists (?name=a,b) both work; stored sorted, so equal views have equal URLs. */
const list = (item: z.ZodType<string>, maxItems: number) =>
  z.preprocess(
    (value) => {
      if (value === undefined) return undefined;
      const raw = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === "string" ? v.split(",") : [v]));
      const items = [...new Set(raw.map(blankToUndefined).filter((v) => v !== undefined))];
      if (items.length === 0) return undefined;
      return items.every((i) => typeof i === "string") ? (items as string[]).sort() : items;
    },
    z.array(item).max(maxItems, `at most ${maxItems} values`).optional(),
  );

const instant = single(isoInstant.optional());
const cursor = single(cursorSchema.optional());

const shape = {
  range: single(z.enum(["24h", "7d", "30d"]).optional()),
  from: instant,
  to: instant,
  name: list(
    z.string().regex(/^[A-Za-z0-9]{1,128}$/, "event names are letters and digits, like ModifyCacheCluster"),
    100,
  ),
  actor: text(2048),
  resource: text(512),
  // As long as the ingest stores them (lib/cloudtrail/schema.ts).
  account: list(queryText(256), 50),
  region: list(queryText(256), 50),
  access: single(z.enum(["read", "write"]).optional()),
  outcome: single(z.enum(["success", "failure"]).optional()),
  /** The overview chart's kinds (lib/events/kind.ts): a chart segment opens its events. */
  kind: single(eventKindSchema.optional()),
  /** The Security view's flags (lib/security/flags.ts): exactly the calls a flagged list counts. */
  flag: single(securityFlagSchema.optional()),
  error: text(256),
  ip: text(256),
  agent: single(z.enum(USER_AGENT_FAMILIES).optional()),
  run: single(
    z
      .string()
      .regex(/^\d{1,18}$/, "expected an ingestion run id (digits)")
      .optional(),
  ),
  q: text(256),
  sort: single(z.enum(["newest", "oldest"]).default("newest")),
  limit: single(
    z.coerce
      .number({ error: "expected a number" })
      .int("expected a whole number")
      .min(1, "at least 1")
      .max(200, "at most 200")
      .default(DEFAULT_PAGE_SIZE),
  ),
  after: cursor,
  before: cursor,
};

type Shape = z.infer<z.ZodObject<typeof shape>>;

/**
 * The fields that pick a time range and a scope (accounts, regions): the Overview and Security
 * views take exactly these, parsed and checked the same way as the explorer's.
 */
export const scopeFields = {
  range: shape.range,
  from: shape.from,
  to: shape.to,
  account: shape.account,
  region: shape.region,
};

/** range vs from/to, and from before to: the explorer's own rules. */
export function checkTimeRange(f: { range?: string; from?: string; to?: string }, ctx: z.RefinementCtx) {
  if (f.range && (f.from || f.to))
    ctx.addIssue({ code: "custom", path: ["range"], message: "use either range or from/to, not both" });
  if (f.from && f.to && f.from >= f.to)
    ctx.addIssue({ code: "custom", path: ["to"], message: "must be later than from" });
}

function checkCombinations(f: Shape, ctx: z.RefinementCtx) {
  if (f.after && f.before)
    ctx.addIssue({ code: "custom", path: ["before"], message: "use either after or before, not both" });
  checkTimeRange(f, ctx);
  if (f.error && f.outcome === "success")
    ctx.addIssue({ code: "custom", path: ["error"], message: "an error code cannot be combined with outcome=success" });
}

/** The page: unknown parameters (utm_…, a colleague's typo) are ignored. */
export const eventFiltersSchema = z.object(shape).superRefine(checkCombinations);
/** The API: an unknown parameter is a 400, so a misspelt filter never silently returns everything. */
export const eventQuerySchema = z.strictObject(shape).superRefine(checkCombinations);

/** The API schema plus a route's own parameters (export format, facet field). */
export function eventQuerySchemaWith<T extends z.core.$ZodLooseShape>(extra: T) {
  return z.strictObject({ ...shape, ...extra }).superRefine((f, ctx) => checkCombinations(f as unknown as Shape, ctx));
}

export type EventFilters = z.infer<typeof eventFiltersSchema>;
/** Filters as callers write them: sort and limit may be left out. */
export type EventFiltersInput = Partial<EventFilters>;

export const FILTER_KEYS = Object.keys(shape) as (keyof EventFilters)[];
/** Parameters that pick the rows; sort, limit and cursor only pick the page. */
export const ROW_FILTER_KEYS = FILTER_KEYS.filter((k) => !["sort", "limit", "after", "before"].includes(k));

/**
 * For pages: a bad value must not break a shared link, so each invalid parameter is dropped
 * (and reported) and the rest of the view still applies.
 */
export function parseEventFilters(raw: Record<string, string | string[] | undefined>): {
  filters: EventFilters;
  ignored: IgnoredParameter[];
} {
  const { value, ignored } = parseLeniently(eventFiltersSchema, raw);
  return { filters: value, ignored };
}

/** Canonical query string: fixed key order, defaults left out, empty values dropped. */
export function eventSearchParams(filters: EventFiltersInput): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined || value === null || value === "") continue;
    if (key === "sort" && value === "newest") continue;
    if (key === "limit" && value === DEFAULT_PAGE_SIZE) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, [...value].sort().join(","));
    } else params.set(key, String(value));
  }
  return params;
}

/** /events?… — the explorer showing exactly this view. */
export function eventsPageUrl(filters: EventFiltersInput): string {
  return eventListUrl(eventSearchParams(filters));
}

export function eventsApiUrl(filters: EventFiltersInput): string {
  return eventListApiUrl(eventSearchParams(filters));
}

/** The rows of the current filter, whatever page is shown: what an export covers. */
export function withoutPage(filters: EventFiltersInput): EventFiltersInput {
  return { ...filters, after: undefined, before: undefined, limit: undefined };
}

export function exportUrl(filters: EventFiltersInput, format: "csv" | "json"): string {
  const params = eventSearchParams(withoutPage(filters));
  params.set("format", format);
  return eventExportApiUrl(params);
}

/** Does the view narrow the rows at all (beyond sort and page)? */
export function hasRowFilters(filters: EventFiltersInput): boolean {
  return ROW_FILTER_KEYS.some((k) => {
    const v = filters[k];
    return Array.isArray(v) ? v.length > 0 : v !== undefined;
  });
}

/** The instants a range resolves to now; presets are relative, so a shared "last 24 h" link stays "last 24 h". */
export function resolveTimeRange(
  filters: Pick<EventFilters, "range" | "from" | "to">,
  now: Date,
): { from?: Date; to?: Date } {
  if (filters.range) return { from: new Date(now.getTime() - TIME_PRESETS[filters.range]) };
  return { from: filters.from ? new Date(filters.from) : undefined, to: filters.to ? new Date(filters.to) : undefined };
}
