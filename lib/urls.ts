import { z } from "zod";
import type { IngestQuery } from "@/lib/ingest/upload-schemas";

// Stable, shareable URLs for every entity, and the paths of the pages and API routes that list
// them. Built from CloudTrail's own identifiers (never database row ids), so a link pasted into
// a ticket still works after a re-ingest. Search parameters come from each domain's zod-backed
// builder (lib/events/filters.ts, lib/actors/list-params.ts, lib/resources/list-params.ts,
// lib/resources/timeline-params.ts, lib/run-history/schemas.ts).

/** What names a resource: in its URL, and in every answer that points at one. */
export const resourceKeySchema = z.object({
  accountId: z.string(),
  region: z.string(),
  kind: z.string(),
  resourceId: z.string(),
});
export type ResourceKey = z.infer<typeof resourceKeySchema>;

const enc = encodeURIComponent;

function withQuery(path: string, query?: URLSearchParams): string {
  const search = query?.toString();
  return search ? `${path}?${search}` : path;
}

export function eventUrl(eventId: string): string {
  return `/events/${enc(eventId)}`;
}

/**
 * A path segment for any value, even one a URL would swallow: "." and ".." are resolved away
 * by every browser (also when written %2E), and "" leaves an empty segment. Such values — and
 * values starting with "~", so the escape round-trips — get a leading "~". Real identifiers
 * never start with "~", so ordinary links are unchanged.
 */
function pathSegment(value: string, reserved: readonly string[] = []): string {
  const escaped = value === "" || value === "." || value === ".." || value.startsWith("~") || reserved.includes(value);
  return enc(escaped ? `~${value}` : value);
}

function fromPathSegment(segment: string): string {
  return segment.startsWith("~") ? segment.slice(1) : segment;
}

/** Global datastores have no region; "global" stands in for it in the URL (a region named "global" is "~global"). */
function resourcePath(r: ResourceKey): string {
  const region = r.region === "" ? "global" : pathSegment(r.region, ["global"]);
  return `${pathSegment(r.accountId)}/${region}/${enc(r.kind)}/${pathSegment(r.resourceId)}`;
}

export function resourceUrl(r: ResourceKey): string {
  return `/clusters/${resourcePath(r)}`;
}

export function regionFromUrlSegment(segment: string): string {
  return segment === "global" ? "" : fromPathSegment(segment);
}

/** An account or resource id from its (decoded) URL segment. */
export function idFromUrlSegment(segment: string): string {
  return fromPathSegment(segment);
}

/** An actor's page, by its stable key (lib/cloudtrail/actor.ts): the same principal, the same URL. */
export function actorUrl(actorKey: string): string {
  return `/actors/${enc(actorKey)}`;
}

/** The actors list; its query from lib/actors/list-params.ts. */
export function actorListUrl(query?: URLSearchParams): string {
  return withQuery("/actors", query);
}

export function actorListApiUrl(query?: URLSearchParams): string {
  return withQuery("/api/actors", query);
}

export function actorApiUrl(actorKey: string): string {
  return `/api/actors/${enc(actorKey)}`;
}

/** A run's page; its query (which files) from lib/run-history/schemas.ts. */
export function ingestionUrl(runId: string | bigint, query?: URLSearchParams): string {
  return withQuery(`/ingestions/${runId}`, query);
}

/** The ingestion history. */
export function ingestionListUrl(query?: URLSearchParams): string {
  return withQuery("/ingestions", query);
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

/** The event explorer. */
export function eventListUrl(query?: URLSearchParams): string {
  return withQuery("/events", query);
}

/** The resources list. */
export function resourceListUrl(query?: URLSearchParams): string {
  return withQuery("/clusters", query);
}

export function eventListApiUrl(query?: URLSearchParams): string {
  return withQuery("/api/events", query);
}

export function eventExportApiUrl(query: URLSearchParams): string {
  return withQuery("/api/events/export", query);
}

export function eventFacetsApiUrl(query: URLSearchParams): string {
  return withQuery("/api/events/facets", query);
}

export function resourceApiUrl(r: ResourceKey, query?: URLSearchParams): string {
  return withQuery(`/api/resources/${resourcePath(r)}`, query);
}

/** Further pages of a resource's timeline. */
export function resourceTimelineApiUrl(r: ResourceKey, query: URLSearchParams): string {
  return withQuery(`/api/resources/${resourcePath(r)}/timeline`, query);
}

export function ingestionListApiUrl(query?: URLSearchParams): string {
  return withQuery("/api/ingestions", query);
}

export function ingestionApiUrl(runId: string, query?: URLSearchParams): string {
  return withQuery(`/api/ingestions/${enc(runId)}`, query);
}

/** /api/sources, /api/sources/:id and its test, sync and objects endpoints. */
export function sourcesApiUrl(sourceId?: string, part?: "test" | "sync" | "objects", query?: URLSearchParams): string {
  const base = sourceId === undefined ? "/api/sources" : `/api/sources/${enc(sourceId)}`;
  return withQuery(part ? `${base}/${part}` : base, query);
}

/** The overview (/) and its API, with their scope (lib/overview/scope.ts). */
export function overviewUrl(query?: URLSearchParams): string {
  return withQuery("/", query);
}

export function overviewApiUrl(query?: URLSearchParams): string {
  return withQuery("/api/overview", query);
}

/** The security view and its API, with their scope (lib/overview/scope.ts). */
export function securityUrl(query?: URLSearchParams): string {
  return withQuery("/security", query);
}

export function securityApiUrl(query?: URLSearchParams): string {
  return withQuery("/api/security", query);
}
