import { fetchJson } from "@/lib/api/fetch-json";
import { securitySchema, type Security } from "@/lib/security/types";
import { overviewApiUrl, securityApiUrl } from "@/lib/urls";
import { scopeSearchParams, type ScopeFilters } from "./scope";
import { overviewSchema, type Overview } from "./types";

// The browser's readers of GET /api/overview and GET /api/security (keys in ./query-keys.ts).

export function fetchOverview(f: ScopeFilters, signal?: AbortSignal): Promise<Overview> {
  return fetchJson(overviewApiUrl(scopeSearchParams(f)), overviewSchema, { signal });
}

export function fetchSecurity(f: ScopeFilters, signal?: AbortSignal): Promise<Security> {
  return fetchJson(securityApiUrl(scopeSearchParams(f)), securitySchema, { signal });
}
