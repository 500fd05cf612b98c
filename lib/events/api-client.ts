import { fetchJson } from "@/lib/api/fetch-json";
import { eventFacetsApiUrl } from "@/lib/urls";
import type { FacetField } from "./facets";
import { eventSearchParams, eventsApiUrl, withoutPage, type EventFiltersInput } from "./filters";
import { eventPageSchema, facetCountsSchema, type EventPage, type FacetCounts } from "./types";

// The browser's readers of the events API, for react-query (keys in ./query-keys.ts).

export function fetchEventPage(filters: EventFiltersInput, signal?: AbortSignal): Promise<EventPage> {
  return fetchJson(eventsApiUrl(filters), eventPageSchema, { signal });
}

export function fetchFacets(field: FacetField, filters: EventFiltersInput, signal?: AbortSignal): Promise<FacetCounts> {
  const params = eventSearchParams(withoutPage(filters));
  params.set("field", field);
  return fetchJson(eventFacetsApiUrl(params), facetCountsSchema, { signal });
}
