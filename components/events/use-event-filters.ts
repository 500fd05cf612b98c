"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { eventsPageUrl, parseEventFilters, type EventFiltersInput } from "@/lib/events/filters";
import { searchParamsRecord } from "@/lib/search-params/record";

/**
 * The explorer's view state is the URL. Changes go through history.pushState, which Next's
 * router follows (useSearchParams updates) without a server round trip: react-query fetches
 * the new page from the API, and Back/Forward walk through the views.
 */
export function useEventFilters() {
  const searchParams = useSearchParams();
  const { filters, ignored } = useMemo(() => parseEventFilters(searchParamsRecord(searchParams)), [searchParams]);

  // Changes apply to the URL as it is now, not as of the last render: the router publishes a
  // pushState a moment later, and two quick clicks must both count.
  const update = useCallback((patch: EventFiltersInput, keepPage: boolean) => {
    const current = parseEventFilters(searchParamsRecord(new URLSearchParams(window.location.search))).filters;
    const next: EventFiltersInput = { ...current, ...patch };
    if (!keepPage) {
      next.after = undefined;
      next.before = undefined;
    }
    window.history.pushState(null, "", eventsPageUrl(next));
  }, []);

  /** A different set of rows starts again at the first page. */
  const setFilters = useCallback((patch: EventFiltersInput) => update(patch, false), [update]);
  /** Page position and page size: the same rows, elsewhere. */
  const setPage = useCallback((patch: EventFiltersInput) => update(patch, true), [update]);

  return { filters, ignored, setFilters, setPage };
}
