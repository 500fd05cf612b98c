import { fetchJson } from "@/lib/api/fetch-json";
import { keysResponseSchema, keyUploadResultSchema, type KeysResponse, type KeyUploadResult } from "./schemas";
import { completenessKeysApiUrl } from "./urls";

// The browser's side of /api/completeness/keys (the Sources page's key card): query keys and
// calls through fetchJson, checked against the schemas the server built the answers with.

export const completenessKeys = {
  all: ["completeness"] as const,
  keys: () => [...completenessKeys.all, "keys"] as const,
  fetches: (from: string, to: string) => [...completenessKeys.all, "fetches", from, to] as const,
};

export function fetchKeys(signal?: AbortSignal): Promise<KeysResponse> {
  return fetchJson(completenessKeysApiUrl(), keysResponseSchema, { signal });
}

export function uploadKeys(fileName: string, text: string): Promise<KeyUploadResult> {
  return fetchJson(completenessKeysApiUrl(), keyUploadResultSchema, { method: "POST", json: { fileName, text } });
}
