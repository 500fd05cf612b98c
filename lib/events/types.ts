// What the event queries return, as plain JSON (ISO times, bigint ids as strings): the same
// objects go out of the API, into the react-query cache and through server-component props.
// What the browser fetches (a page of events, a menu's counts) is a zod schema, with which the
// browser checks each answer; the rest are types only.

import { z } from "zod";
import { resourceKeySchema } from "@/lib/urls";

/** Who made a call, as events, timelines and lifecycles name them. */
export const actorRefSchema = z.object({ key: z.string(), name: z.string(), type: z.string() });
export type ActorRef = z.infer<typeof actorRefSchema>;

export const resourceTouchedSchema = resourceKeySchema.extend({
  /** The part the resource played: target, member, parameter-group… */
  role: z.string(),
});
export type ResourceTouched = z.infer<typeof resourceTouchedSchema>;

export const eventRowSchema = z.object({
  eventId: z.string(),
  eventTime: z.string(),
  eventName: z.string(),
  awsRegion: z.string(),
  accountId: z.string(),
  readOnly: z.boolean(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  sourceIp: z.string().nullable(),
  userAgentFamily: z.string(),
  actor: actorRefSchema,
  /** Targets first. */
  resources: z.array(resourceTouchedSchema),
  /** Position of this row, for the next or previous page. */
  cursor: z.string(),
});
export type EventRow = z.infer<typeof eventRowSchema>;

/**
 * How many events match. Counting every match of a broad filter over millions of rows is
 * too slow for a list page, so counting stops at a cap and the planner's estimate stands in.
 */
export const eventTotalSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("exact"), value: z.number() }),
  z.object({ kind: z.literal("atLeast"), value: z.number(), estimate: z.number().nullable() }),
  z.object({ kind: z.literal("estimate"), value: z.number() }),
]);
export type EventTotal = z.infer<typeof eventTotalSchema>;

export const eventPageSchema = z.object({
  events: z.array(eventRowSchema),
  /** Cursor for the following rows (older, when newest first), or null on the last page. */
  next: z.string().nullable(),
  /** Cursor for the preceding rows, or null on the first page. */
  prev: z.string().nullable(),
  total: eventTotalSchema,
});
export type EventPage = z.infer<typeof eventPageSchema>;

export const facetValueSchema = z.object({
  value: z.string(),
  /** null when counting took too long and only the values are known. */
  count: z.number().nullable(),
});
export type FacetValue = z.infer<typeof facetValueSchema>;

/**
 * A filter menu's values. "exact": counted; "approximate": estimated from a sample of the
 * table and rounded (shown as "about"); "none": counting took too long, values only.
 */
export const facetCountsSchema = z.object({
  counts: z.enum(["exact", "approximate", "none"]),
  values: z.array(facetValueSchema),
});
export type FacetCounts = z.infer<typeof facetCountsSchema>;

export interface RelatedEvent {
  eventId: string;
  eventTime: string;
  eventName: string;
  errorCode: string | null;
  readOnly: boolean;
  actorName: string;
}

export interface EventDetail {
  eventId: string;
  eventTime: string;
  eventName: string;
  eventSource: string;
  eventVersion: string | null;
  eventType: string | null;
  awsRegion: string;
  accountId: string;
  readOnly: boolean;
  errorCode: string | null;
  errorMessage: string | null;
  requestId: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  userAgentFamily: string;
  userAgentDetail: string | null;
  vpcEndpointId: string | null;
  accessKeyId: string | null;
  mfaAuthenticated: boolean | null;
  actor: ActorRef & {
    arn: string | null;
    principalId: string | null;
    accountId: string | null;
    sessionIssuerArn: string | null;
    sessionIssuerName: string | null;
    invokedBy: string | null;
  };
  resources: ResourceTouched[];
  ingestion: { runId: string; fileName: string | null; ingestedAt: string } | null;
  /** The stored record: CloudTrail's JSON with secrets already masked at ingest. */
  record: Record<string, unknown>;
  /**
   * The same record's JSON text exactly as stored (as read from the file, unless a secret was
   * masked): numbers such as 1e131072, which `record` holds as Infinity, keep their digits here.
   */
  recordText: string;
}

export interface ResourceNeighbours {
  resource: ResourceTouched;
  previous: RelatedEvent | null;
  next: RelatedEvent | null;
}

export interface RelatedEvents {
  sameRequest: RelatedEvent[];
  onResources: ResourceNeighbours[];
  /** Other events of the same actor within an hour either side (the nearest ones), in time order. */
  sameActor: RelatedEvent[];
}
