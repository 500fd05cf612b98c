import { z } from "zod";
import { actorRefSchema } from "@/lib/events/types";
import { eventKindSchema } from "@/lib/events/kind";
import { securityFlagSchema } from "@/lib/security/flags";
import { resourceKeySchema } from "@/lib/urls";

// GET /api/overview's answer, which the page renders and the browser checks with the same schema.

export const bucketSchema = z.enum(["hour", "day", "week"]);

export const periodSchema = z.object({ from: z.string(), to: z.string() });

/** A number for the period and the same number for the period of equal length before it. */
export const comparedSchema = z.object({ value: z.number(), previous: z.number() });
export type Compared = z.infer<typeof comparedSchema>;

export const kpiNameSchema = z.enum([
  "events",
  "writes",
  "failures",
  "actors",
  "resourcesChanged",
  "resourcesCreated",
  "resourcesDeleted",
]);
export type KpiName = z.infer<typeof kpiNameSchema>;

export const countsByKindSchema = z.record(eventKindSchema, z.number());

export const seriesBucketSchema = periodSchema.extend({ counts: countsByKindSchema });
export type SeriesBucket = z.infer<typeof seriesBucketSchema>;

/** One call of the "destructive or sensitive" lists, with why it is there. */
export const flaggedEventSchema = z.object({
  eventId: z.string(),
  eventTime: z.string(),
  eventName: z.string(),
  accountId: z.string(),
  awsRegion: z.string(),
  errorCode: z.string().nullable(),
  actor: actorRefSchema,
  flags: z.array(securityFlagSchema),
  /** The call's target, when it had one. */
  resource: resourceKeySchema.nullable(),
});
export type FlaggedEvent = z.infer<typeof flaggedEventSchema>;

/** The accounts and regions there are events for: the scope menus' choices. */
export const scopeOptionsSchema = z.object({ accounts: z.array(z.string()), regions: z.array(z.string()) });
export type ScopeOptions = z.infer<typeof scopeOptionsSchema>;

export const overviewSchema = z.object({
  options: scopeOptionsSchema,
  /** False on a new install: nothing ingested yet, whatever the range. */
  hasEvents: z.boolean(),
  period: periodSchema,
  /** The period of equal length before, which `kpis[…].previous` counts; null for "all time" (0s then). */
  previous: periodSchema.nullable(),
  bucket: bucketSchema,
  kpis: z.record(kpiNameSchema, comparedSchema),
  series: z.array(seriesBucketSchema),
  topResources: z.array(z.object({ resource: resourceKeySchema, changes: z.number() })),
  topActors: z.array(z.object({ actor: actorRefSchema, writes: z.number() })),
  failures: z.array(z.object({ errorCode: z.string(), count: z.number() })),
  sensitive: z.array(flaggedEventSchema),
});
export type Overview = z.infer<typeof overviewSchema>;
