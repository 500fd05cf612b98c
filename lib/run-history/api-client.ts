import { fetchJson } from "@/lib/api/fetch-json";
import {
  runDetailSchema,
  runFilesSearch,
  runListSchema,
  runListSearch,
  type RunDetail,
  type RunFilesQuery,
  type RunList,
  type RunListQuery,
} from "./schemas";

// The browser's readers of /api/ingestions, for react-query (keys in ./query-keys.ts).

export function fetchRuns(query: Partial<RunListQuery>, signal?: AbortSignal): Promise<RunList> {
  return fetchJson(`/api/ingestions${runListSearch(query)}`, runListSchema, { signal });
}

export function fetchRunDetail(
  runId: string,
  query: Partial<RunFilesQuery> = {},
  signal?: AbortSignal,
): Promise<RunDetail> {
  const url = `/api/ingestions/${encodeURIComponent(runId)}${runFilesSearch(query)}`;
  return fetchJson(url, runDetailSchema, { signal });
}
