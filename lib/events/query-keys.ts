import { eventSearchParams, withoutPage, type EventFiltersInput } from "./filters";
import type { FacetField } from "./facets";

// react-query keys for events. The canonical query string is the key, so the page the
// server prefetched and the one the client asks for after hydration are the same entry.
// `all` is the prefix of every key: invalidating it refreshes everything about events.

export const eventKeys = {
  all: ["events"] as const,
  list: (filters: EventFiltersInput) => [...eventKeys.all, "list", eventSearchParams(filters).toString()] as const,
  facets: (field: FacetField, filters: EventFiltersInput) =>
    [...eventKeys.all, "facets", field, eventSearchParams(withoutPage(filters)).toString()] as const,
};
