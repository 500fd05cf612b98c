import { fetchJson } from "@/lib/api/fetch-json";
import { ingestionApiUrl, ingestionListApiUrl } from "@/lib/urls";
import {
  runDetailSchema,
  runFilesSearchParams,
  runListSchema,
  runListSearchParams,
  type RunDetail,
  type RunFilesQuery,
  type RunList,
  type RunListQuery,
} from "./schemas";

// The browser's readers of /api/ingestions, for react-query (keys in ./query-keys.ts).

export function fetchRuns(query: Partial<RunListQuery>, signal?: AbortSignal): Promise<RunList> {
  return fetchJson(ingestionListApiUrl(runListSearchParams(query)), runListSchema, { signal });
}

export function fetchRunDetail(
  runId: string,
  query: Partial<RunFilesQuery> = {},
  signal?: AbortSignal,
): Promise<RunDetail> {
  return fetchJson(ingestionApiUrl(runId, runFilesSearchParams(query)), runDetailSchema, { signal });
}
