import { eventSearchParams, eventsApiUrl, withoutPage, type EventFiltersInput } from "./filters";
import type { FacetField } from "./facets";
import type { EventPage, FacetCounts } from "./types";

// Browser-side readers of the events API, for react-query. Errors carry the API's own
// message (a 400 says which parameter is wrong).

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { signal, headers: { accept: "application/json" } });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ApiRequestError(response.status, body?.error?.message ?? `The server answered ${response.status}.`);
  }
  return (await response.json()) as T;
}

export function fetchEventPage(filters: EventFiltersInput, signal?: AbortSignal): Promise<EventPage> {
  return getJson<EventPage>(eventsApiUrl(filters), signal);
}

export async function fetchFacets(
  field: FacetField,
  filters: EventFiltersInput,
  signal?: AbortSignal,
): Promise<FacetCounts> {
  const params = eventSearchParams(withoutPage(filters));
  params.set("field", field);
  const { counts, values } = await getJson<FacetCounts>(`/api/events/facets?${params.toString()}`, signal);
  return { counts, values };
}
