import { fetchJson } from "@/lib/api/fetch-json";
import { resourceTimelineApiUrl, type ResourceKey } from "@/lib/urls";
import { timelineSearch, type TimelineParams } from "./timeline-params";
import { timelinePageSchema, type TimelinePage } from "./types";

// The browser's readers of the resources API, for react-query (keys in ./query-keys.ts).

/** A page of the timeline: the first without a cursor, the following ones from the previous page's cursor. */
export function fetchTimelinePage(
  r: ResourceKey,
  params: TimelineParams,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<TimelinePage> {
  const search = new URLSearchParams(timelineSearch(params));
  if (cursor) search.set("cursor", cursor);
  return fetchJson(resourceTimelineApiUrl(r, search), timelinePageSchema, { signal });
}
