import { z } from "zod";
import {
  checkTimeRange,
  eventSearchParams,
  scopeFields,
  TIME_PRESETS,
  type EventFiltersInput,
} from "@/lib/events/filters";
import { single } from "@/lib/search-params/fields";
import { parseLeniently, type IgnoredParameter } from "@/lib/search-params/lenient";

// What the Overview and Security views look at: a time range and accounts and regions, the same
// fields (names, parsers, rules) as the event explorer's, so their links open the explorer on
// exactly the events they summarise. Pure: zod only.

/** The explorer's presets, and "all": from the first stored event to now. */
export const SCOPE_RANGES = ["24h", "7d", "30d", "all"] as const;
const fields = { ...scopeFields, range: single(z.enum(SCOPE_RANGES).optional()) };

/** The page: an unknown or invalid parameter is dropped (lib/search-params/lenient.ts). */
export const scopeFiltersSchema = z.object(fields).superRefine(checkTimeRange);
/** The API: an unknown parameter or a bad value is a 400 naming it. */
export const scopeQuerySchema = z.strictObject(fields).superRefine(checkTimeRange);
export type ScopeFilters = z.infer<typeof scopeFiltersSchema>;

/** Without a range, the views show the last 30 days, so there is always a previous period to compare with. */
export const DEFAULT_RANGE = "30d" as const;

export function parseScopeFilters(raw: Record<string, string | string[] | undefined>): {
  filters: ScopeFilters;
  ignored: IgnoredParameter[];
} {
  const { value, ignored } = parseLeniently(scopeFiltersSchema, raw);
  return { filters: value, ignored };
}

/** Canonical query string: the explorer's builder (range first, as there), so equal views have equal URLs and keys. */
export function scopeSearchParams(f: ScopeFilters): URLSearchParams {
  const { range, ...rest } = f;
  const params = eventSearchParams(rest);
  return range ? new URLSearchParams([["range", range], ...params]) : params;
}

export type Bucket = "hour" | "day" | "week";
const HOUR = 3600_000;
const DAY = 24 * HOUR;

export interface Period {
  from: Date;
  to: Date;
}

export interface ResolvedScope {
  current: Period;
  /** The period of equal length just before; none for "all" (nothing was stored before the first event). */
  previous: Period | null;
  bucket: Bucket;
  accounts?: string[];
  regions?: string[];
}

/** Up to 3 days in hours, up to 90 days in days, longer in weeks: 24 to about 100 bars. */
export function bucketFor(period: Period): Bucket {
  const span = period.to.getTime() - period.from.getTime();
  if (span <= 3 * DAY) return "hour";
  if (span <= 90 * DAY) return "day";
  return "week";
}

/**
 * The period the filters pick. `earliest`: the first stored event's time, which "all" starts
 * from (null when nothing is stored: the period is then empty, ending now).
 */
export function resolveScope(f: ScopeFilters, now: Date, earliest: Date | null = null): ResolvedScope {
  let from: Date;
  let to: Date;
  if (f.range === "all") {
    to = now;
    from = earliest && earliest < now ? earliest : now;
    return {
      current: { from, to },
      previous: null,
      bucket: bucketFor({ from, to }),
      accounts: f.account,
      regions: f.region,
    };
  }
  if (f.from || f.to) {
    to = f.to ? new Date(f.to) : now;
    from = f.from ? new Date(f.from) : new Date(to.getTime() - TIME_PRESETS[DEFAULT_RANGE]);
  } else {
    to = now;
    from = new Date(now.getTime() - TIME_PRESETS[f.range ?? DEFAULT_RANGE]);
  }
  const length = to.getTime() - from.getTime();
  return {
    current: { from, to },
    previous: { from: new Date(from.getTime() - length), to: from },
    bucket: bucketFor({ from, to }),
    accounts: f.account,
    regions: f.region,
  };
}

/** The explorer's filters for these accounts and regions over [from, to). */
export function scopeEventFilters(s: Pick<ResolvedScope, "accounts" | "regions">, period: Period): EventFiltersInput {
  return { account: s.accounts, region: s.regions, from: period.from.toISOString(), to: period.to.toISOString() };
}

/** Start of the UTC bucket holding `t` (weeks start on Monday, as PostgreSQL's date_trunc). */
export function bucketStart(t: Date, bucket: Bucket): Date {
  if (bucket === "hour") return new Date(Math.floor(t.getTime() / HOUR) * HOUR);
  const day = new Date(Math.floor(t.getTime() / DAY) * DAY);
  if (bucket === "day") return day;
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY);
}

export function nextBucket(t: Date, bucket: Bucket): Date {
  return new Date(t.getTime() + (bucket === "hour" ? HOUR : bucket === "day" ? DAY : 7 * DAY));
}

/** Every bucket of the period, its bounds clipped to the period: what one bar counts. */
export function bucketsOf(period: Period, bucket: Bucket): Period[] {
  const out: Period[] = [];
  for (let start = bucketStart(period.from, bucket); start < period.to; start = nextBucket(start, bucket)) {
    const end = nextBucket(start, bucket);
    out.push({
      from: start < period.from ? period.from : start,
      to: end > period.to ? period.to : end,
    });
  }
  return out;
}
