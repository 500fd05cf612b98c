import type { IngestQuery } from "@/lib/ingest/upload-schemas";

// Stable, shareable URLs for every entity. Built from CloudTrail's own identifiers (never
// database row ids), so a link pasted into a ticket still works after a re-ingest.

export interface ResourceKey {
  accountId: string;
  region: string;
  kind: string;
  resourceId: string;
}

const enc = encodeURIComponent;

export function eventUrl(eventId: string): string {
  return `/events/${enc(eventId)}`;
}

/** Global datastores have no region; "global" stands in for it in the URL. */
export function resourceUrl(r: ResourceKey): string {
  return `/clusters/${enc(r.accountId)}/${enc(r.region || "global")}/${enc(r.kind)}/${enc(r.resourceId)}`;
}

export function regionFromUrlSegment(segment: string): string {
  return segment === "global" ? "" : segment;
}

export function actorUrl(actorKey: string): string {
  return `/actors/${enc(actorKey)}`;
}

export function ingestionUrl(runId: string | bigint): string {
  return `/ingestions/${runId}`;
}

/** POST /api/ingest with its query (see ingestQuerySchema); the default source is left out. */
export function ingestApiUrl(query: Partial<IngestQuery>): string {
  const params = new URLSearchParams();
  if (query.name) params.set("name", query.name);
  if (query.source && query.source !== "api") params.set("source", query.source);
  if (query.upload) params.set("upload", query.upload);
  const search = params.toString();
  return search ? `/api/ingest?${search}` : "/api/ingest";
}

export function uploadProgressApiUrl(uploadId: string): string {
  return `/api/ingest/progress/${enc(uploadId)}`;
}
