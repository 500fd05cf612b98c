import { runFilesSearchParams, runListSearchParams, type RunFilesQuery, type RunListQuery } from "./schemas";

// react-query keys for the ingestion history. The canonical query string is the key, so the
// list the server prefetched ({ limit: 25 }) and the one the client asks for ({}) are one entry.

export const ingestionKeys = {
  all: ["ingestions"] as const,
  list: (query: Partial<RunListQuery>) =>
    [...ingestionKeys.all, "list", runListSearchParams(query).toString()] as const,
  detail: (runId: string, query: Partial<RunFilesQuery> = {}) =>
    [...ingestionKeys.all, "detail", runId, runFilesSearchParams(query).toString()] as const,
};
