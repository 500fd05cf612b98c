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

export function sourceUrl(sourceId: string): string {
  return `/sources#source-${enc(sourceId)}`;
}

/** /api/sources, /api/sources/:id and its test, sync and objects endpoints. */
export function sourcesApiUrl(sourceId?: string, part?: "test" | "sync" | "objects", search = ""): string {
  const base = sourceId === undefined ? "/api/sources" : `/api/sources/${enc(sourceId)}`;
  return `${base}${part ? `/${part}` : ""}${search}`;
}
