import { fetchJson } from "@/lib/api/fetch-json";
import {
  fetchListSchema,
  keysResponseSchema,
  keyUploadResultSchema,
  missingFileFetchSchema,
  type FetchList,
  type KeysResponse,
  type KeyUploadResult,
  type MissingFileFetch,
} from "./schemas";
import { completenessFetchApiUrl, completenessKeysApiUrl } from "./urls";

// The browser's side of /api/completeness/keys (the Sources page's key card): query keys and
// calls through fetchJson, checked against the schemas the server built the answers with.

export const completenessKeys = {
  all: ["completeness"] as const,
  keys: () => [...completenessKeys.all, "keys"] as const,
  fetch: (key: string) => [...completenessKeys.all, "fetch", key] as const,
};

export function fetchKeys(signal?: AbortSignal): Promise<KeysResponse> {
  return fetchJson(completenessKeysApiUrl(), keysResponseSchema, { signal });
}

export function uploadKeys(fileName: string, text: string): Promise<KeyUploadResult> {
  return fetchJson(completenessKeysApiUrl(), keyUploadResultSchema, { method: "POST", json: { fileName, text } });
}

export function requestFetchNow(bucket: string, key: string): Promise<MissingFileFetch> {
  return fetchJson(completenessFetchApiUrl(), missingFileFetchSchema, { method: "POST", json: { bucket, key } });
}

export function fetchFetches(keys: readonly string[], signal?: AbortSignal): Promise<FetchList> {
  const q = new URLSearchParams(keys.map((k) => ["key", k]));
  return fetchJson(`${completenessFetchApiUrl()}?${q.toString()}`, fetchListSchema, { signal });
}
