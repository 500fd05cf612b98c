// What the event queries return, as plain JSON (ISO times, bigint ids as strings): the same
// objects go out of the API, into the react-query cache and through server-component props.

import type { ResourceKey } from "@/lib/urls";

export interface ActorSummary {
  key: string;
  name: string;
  type: string;
}

export interface ResourceTouched extends ResourceKey {
  /** The part the resource played: target, member, parameter-group… */
  role: string;
}

export interface EventRow {
  eventId: string;
  eventTime: string;
  eventName: string;
  awsRegion: string;
  accountId: string;
  readOnly: boolean;
  errorCode: string | null;
  errorMessage: string | null;
  sourceIp: string | null;
  userAgentFamily: string;
  actor: ActorSummary;
  /** Targets first. */
  resources: ResourceTouched[];
  /** Position of this row, for the next or previous page. */
  cursor: string;
}

/**
 * How many events match. Counting every match of a broad filter over millions of rows is
 * too slow for a list page, so counting stops at a cap and the planner's estimate stands in.
 */
export type EventTotal =
  | { kind: "exact"; value: number }
  | { kind: "atLeast"; value: number; estimate: number | null }
  | { kind: "estimate"; value: number };

export interface EventPage {
  events: EventRow[];
  /** Cursor for the following rows (older, when newest first), or null on the last page. */
  next: string | null;
  /** Cursor for the preceding rows, or null on the first page. */
  prev: string | null;
  total: EventTotal;
}

export interface FacetValue {
  value: string;
  /** null when counting took too long and only the values are known. */
  count: number | null;
}

/**
 * A filter menu's values. "exact": counted; "approximate": estimated from a sample of the
 * table and rounded (shown as "about"); "none": counting took too long, values only.
 */
export interface FacetCounts {
  counts: "exact" | "approximate" | "none";
  values: FacetValue[];
}

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
  actor: ActorSummary & {
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
