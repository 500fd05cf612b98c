import { scopeSearchParams, type ScopeFilters } from "./scope";

// react-query keys of the Overview and Security views: the canonical query string, so the
// server's prefetch and the browser's first read are the same entry.

export const overviewKeys = {
  all: ["overview"] as const,
  overview: (f: ScopeFilters) => [...overviewKeys.all, "overview", scopeSearchParams(f).toString()] as const,
  security: (f: ScopeFilters) => [...overviewKeys.all, "security", scopeSearchParams(f).toString()] as const,
};
