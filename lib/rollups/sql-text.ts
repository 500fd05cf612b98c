import { namePattern } from "@/lib/events/kind";

// The event kind rule of lib/events/kind.ts as SQL text, for the statements that have no bound
// parameters: the store's move (lib/ingest/store.ts) and the rollup queries' edges. Built from
// the same prefix lists, so the rollups, the explorer's ?kind= and the chart agree. The
// patterns are constant letters, never input.

/** CASE expression giving an EventKind for the event row aliased `alias`. */
export function eventKindSqlText(alias: string): string {
  const c = (column: string) => `${alias}.${column}`;
  return `CASE WHEN ${c("error_code")} IS NOT NULL THEN 'failed' WHEN ${c("read_only")} THEN 'read'
    WHEN ${c("event_name")} ~ '${namePattern("create")}' THEN 'create'
    WHEN ${c("event_name")} ~ '${namePattern("delete")}' THEN 'delete'
    WHEN ${c("event_name")} ~ '${namePattern("modify")}' THEN 'modify' ELSE 'other-write' END`;
}
