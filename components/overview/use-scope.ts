"use client";

import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { parseScopeFilters, type ScopeFilters } from "@/lib/overview/scope";
import { searchParamsRecord } from "@/lib/search-params/record";

/** The view's scope from the address bar, parsed as leniently as the server page parsed it. */
export function useScopeFilters(): ScopeFilters {
  const params = useSearchParams();
  return useMemo(() => parseScopeFilters(searchParamsRecord(new URLSearchParams(params))).filters, [params]);
}

/** How often the views ask again: new events from a sync or an upload appear without a reload. */
export const REFRESH_MS = 15_000;
