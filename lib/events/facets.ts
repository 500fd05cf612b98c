// The fields whose values the filter menus list with counts (GET /api/events/facets).
export const FACET_FIELDS = ["name", "error", "account", "region", "agent"] as const;
export type FacetField = (typeof FACET_FIELDS)[number];
