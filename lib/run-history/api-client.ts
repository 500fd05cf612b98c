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

// The browser's side of /api/ingestions: query keys and fetchers that check the answer
// against the schema the server built it from.

export const ingestionKeys = {
  all: ["ingestions"] as const,
  list: (query: Partial<RunListQuery>) => [...ingestionKeys.all, "list", query] as const,
  detail: (runId: string, query: Partial<RunFilesQuery> = {}) =>
    [...ingestionKeys.all, "detail", runId, query] as const,
};

async function getJson(url: string, signal?: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { signal, headers: { accept: "application/json" } });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message;
    throw new Error(message ?? `${url} answered ${response.status}`);
  }
  return body;
}

export async function fetchRuns(query: Partial<RunListQuery>, signal?: AbortSignal): Promise<RunList> {
  return runListSchema.parse(await getJson(`/api/ingestions${runListSearch(query)}`, signal));
}

export async function fetchRunDetail(
  runId: string,
  query: Partial<RunFilesQuery> = {},
  signal?: AbortSignal,
): Promise<RunDetail> {
  return runDetailSchema.parse(
    await getJson(`/api/ingestions/${encodeURIComponent(runId)}${runFilesSearch(query)}`, signal),
  );
}
