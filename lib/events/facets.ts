// The fields whose values the filter menus list with counts (GET /api/events/facets), and the
// event column each one counts. The ingest keeps a counter per field and value
// (event_facet_count.field is the name here), so this is the one list both sides read.
export const FACET_FIELDS = ["name", "error", "account", "region", "agent"] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

export const FACET_COLUMNS: Readonly<Record<FacetField, string>> = {
  name: "event_name",
  error: "error_code",
  account: "account_id",
  region: "aws_region",
  agent: "user_agent_family",
};
