// Browser side of the resources API: the URLs, a query-key factory for react-query, and
// the fetchers (which pass react-query's abort signal through).
import type { ResourceKey } from "@/lib/urls";
import { timelineSearch, type TimelineParams } from "./timeline-params";
import type { TimelinePage } from "./types";

const enc = encodeURIComponent;

export function resourceApiUrl(r: ResourceKey): string {
  return `/api/resources/${enc(r.accountId)}/${enc(r.region || "global")}/${enc(r.kind)}/${enc(r.resourceId)}`;
}

export const resourceKeys = {
  all: ["resources"] as const,
  resource: (r: ResourceKey) => [...resourceKeys.all, r.accountId, r.region, r.kind, r.resourceId] as const,
  timeline: (r: ResourceKey, params: TimelineParams) => [...resourceKeys.resource(r), "timeline", params] as const,
};

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { signal, headers: { accept: "application/json" } });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `${response.status} ${response.statusText}`);
  }
  return (await response.json()) as T;
}

export function fetchTimelinePage(
  r: ResourceKey,
  params: TimelineParams,
  cursor: string,
  signal?: AbortSignal,
): Promise<TimelinePage> {
  const search = new URLSearchParams(timelineSearch(params).slice(1));
  search.set("cursor", cursor);
  return getJson<TimelinePage>(`${resourceApiUrl(r)}/timeline?${search}`, signal);
}
