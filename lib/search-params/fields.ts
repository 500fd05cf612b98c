import { z } from "zod";

// The pieces every search-parameter schema is built from (lib/events/filters.ts,
// lib/resources/list-params.ts, lib/resources/timeline-params.ts), so a date, a day or an
// empty field means the same thing in every URL of the app. Pure: zod only.

/** Form fields arrive as "" when left empty: that means "not set", not an invalid value. */
export function blankToUndefined(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/**
 * A parameter that takes one value; blank is unset. A key given twice (?limit=1&limit=2) is
 * refused: which one was meant cannot be known (a page, parsing leniently, drops it).
 */
export const single = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v, ctx) => {
    if (!Array.isArray(v)) return blankToUndefined(v);
    if (v.length > 1) ctx.addIssue({ code: "custom", message: "given more than once" });
    return blankToUndefined(v[0]);
  }, schema);

/**
 * Control characters (NUL above all: PostgreSQL refuses it in text) and unpaired surrogates
 * never belong in a filter: refused rather than cleaned, so a 400 says so instead of a 500 or
 * a search for something else.
 */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Free text of at most `max` characters that PostgreSQL can compare. */
export const queryText = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .refine((s) => !CONTROL_CHARACTER.test(s) && s.isWellFormed(), "must not contain control characters");

/** The instants PostgreSQL and every page can show: years 0001 to 9999, UTC. */
export const MIN_INSTANT_MS = Date.parse("0001-01-01T00:00:00.000Z");
export const MAX_INSTANT_MS = Date.parse("9999-12-31T23:59:59.999Z");

export function isInstantInRange(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_INSTANT_MS && ms <= MAX_INSTANT_MS;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})/;

/** JavaScript rolls 2025-02-30 over to 2 March; a real day reads back the same. */
function isRealDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  // Parsed as ISO, not through Date.UTC, which reads years 0–99 as 1900–1999.
  const date = new Date(`${m[0]}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(m[0]);
}

/** A UTC day, "2014-12-01". */
export const utcDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a day like 2014-12-01")
  .refine((day) => !day.startsWith("0000"), "years run from 0001 to 9999")
  .refine(isRealDay, "not a real date");

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * An instant: a date (its midnight) or a date-time, with seconds and fraction optional.
 * Without a zone it is UTC, which is what CloudTrail records. Normalised to ISO
 * ("2014-12-01T22:32:21.000Z"), so equal instants give equal URLs.
 */
export const isoInstant = z
  .string()
  .regex(ISO_INSTANT, "expected a date like 2025-03-14 or a time like 2025-03-14T09:30:00Z")
  .transform((value, ctx) => {
    const date = new Date(value.length === 10 || HAS_ZONE.test(value) ? value : `${value.replace(" ", "T")}Z`);
    if (value.startsWith("0000")) {
      ctx.addIssue({ code: "custom", message: "years run from 0001 to 9999" });
      return z.NEVER;
    }
    if (Number.isNaN(date.getTime()) || !isRealDay(value)) {
      ctx.addIssue({ code: "custom", message: "not a real date" });
      return z.NEVER;
    }
    if (!isInstantInRange(date.getTime())) {
      ctx.addIssue({ code: "custom", message: "years run from 0001 to 9999" });
      return z.NEVER;
    }
    return date.toISOString();
  });

/** A list page's `page` (1-based) and `dir`: the same bounds and messages on every list. */
export const pageNumber = single(
  z.coerce
    .number({ error: "expected a number" })
    .int("expected a whole number")
    .min(1, "at least 1")
    .max(100_000, "at most 100000")
    .default(1),
);
export const sortDirectionField = single(z.enum(["asc", "desc"]).optional());
