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

/** A parameter that takes one value: of repeated keys the first counts; blank is unset. */
export const single = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => blankToUndefined(Array.isArray(v) ? v[0] : v), schema);

const DAY = /^(\d{4})-(\d{2})-(\d{2})/;

/** JavaScript rolls 2025-02-30 over to 2 March; a real day reads back the same. */
function isRealDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCFullYear() === Number(m[1]) && date.toISOString().startsWith(m[0]);
}

/** A UTC day, "2014-12-01". */
export const utcDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a day like 2014-12-01")
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
    if (Number.isNaN(date.getTime()) || !isRealDay(value)) {
      ctx.addIssue({ code: "custom", message: "not a real date" });
      return z.NEVER;
    }
    return date.toISOString();
  });
