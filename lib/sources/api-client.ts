import { z } from "zod";
import { fetchJson } from "@/lib/api/fetch-json";
import {
  connectionReportSchema,
  objectListSchema,
  objectsSearchParams,
  sourceListSchema,
  sourceViewSchema,
  syncRequestedSchema,
  type ConnectionReport,
  type ObjectList,
  type SourceList,
  type SourceView,
  type SyncRequested,
} from "./schemas";
import { sourcesApiUrl } from "@/lib/urls";

// The browser's side of /api/sources (the Sources page): query keys, and calls through fetchJson,
// whose answers are checked against the schemas the server built them with.

export const sourceKeys = {
  all: ["sources"] as const,
  list: () => [...sourceKeys.all, "list"] as const,
  failedObjects: (id: string) => [...sourceKeys.all, "failed-objects", id] as const,
};

export function fetchSources(signal?: AbortSignal): Promise<SourceList> {
  return fetchJson(sourcesApiUrl(), sourceListSchema, { signal });
}

export function fetchFailedObjects(id: string, signal?: AbortSignal): Promise<ObjectList> {
  const url = sourcesApiUrl(id, "objects", objectsSearchParams({ status: "failed", limit: 50 }));
  return fetchJson(url, objectListSchema, { signal });
}

export function createSource(settings: unknown): Promise<SourceView> {
  return fetchJson(sourcesApiUrl(), sourceViewSchema, { method: "POST", json: settings });
}

export function updateSource(id: string, patch: unknown): Promise<SourceView> {
  return fetchJson(sourcesApiUrl(id), sourceViewSchema, { method: "PATCH", json: patch });
}

export async function removeSource(id: string): Promise<void> {
  await fetchJson(sourcesApiUrl(id), z.null(), { method: "DELETE" });
}

export function testSource(id: string): Promise<ConnectionReport> {
  return fetchJson(sourcesApiUrl(id, "test"), connectionReportSchema, { method: "POST" });
}

export function syncSource(id: string): Promise<SyncRequested> {
  return fetchJson(sourcesApiUrl(id, "sync"), syncRequestedSchema, { method: "POST" });
}
