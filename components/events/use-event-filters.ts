"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { eventsPageUrl, parseEventFilters, searchParamsRecord, type EventFiltersInput } from "@/lib/events/filters";

/**
 * The explorer's view state is the URL. Changes go through history.pushState, which Next's
 * router follows (useSearchParams updates) without a server round trip: react-query fetches
 * the new page from the API, and Back/Forward walk through the views.
 */
export function useEventFilters() {
  const searchParams = useSearchParams();
  const { filters, ignored } = useMemo(() => parseEventFilters(searchParamsRecord(searchParams)), [searchParams]);

  const navigate = useCallback((next: EventFiltersInput) => {
    window.history.pushState(null, "", eventsPageUrl(next));
  }, []);

  /** A different set of rows starts again at the first page. */
  const setFilters = useCallback(
    (patch: EventFiltersInput) => navigate({ ...filters, ...patch, after: undefined, before: undefined }),
    [filters, navigate],
  );

  return { filters, ignored, navigate, setFilters };
}
