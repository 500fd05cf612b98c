import type { z } from "zod";
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

// The browser's side of /api/sources (the Sources page): query keys, and calls whose answers are checked
// against the schemas the server built them with. Errors carry the server's own message.

export const sourceKeys = {
  all: ["sources"] as const,
  list: () => [...sourceKeys.all, "list"] as const,
  failedObjects: (id: string) => [...sourceKeys.all, "failed-objects", id] as const,
};

async function call<S extends z.ZodType>(url: string, schema: S, init: RequestInit = {}): Promise<z.infer<S>> {
  const response = await fetch(url, {
    ...init,
    headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) },
  });
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message;
    throw new Error(message ?? `${url} answered ${response.status}`);
  }
  return schema.parse(body);
}

export function fetchSources(signal?: AbortSignal): Promise<SourceList> {
  return call(sourcesApiUrl(), sourceListSchema, { signal });
}

export function fetchFailedObjects(id: string, signal?: AbortSignal): Promise<ObjectList> {
  return call(sourcesApiUrl(id, "objects", objectsSearchParams({ status: "failed", limit: 50 })), objectListSchema, {
    signal,
  });
}

export function createSource(settings: unknown): Promise<SourceView> {
  return call(sourcesApiUrl(), sourceViewSchema, { method: "POST", body: JSON.stringify(settings) });
}

export function updateSource(id: string, patch: unknown): Promise<SourceView> {
  return call(sourcesApiUrl(id), sourceViewSchema, { method: "PATCH", body: JSON.stringify(patch) });
}

export async function removeSource(id: string): Promise<void> {
  const response = await fetch(sourcesApiUrl(id), { method: "DELETE" });
  if (!response.ok) throw new Error(`Could not remove the source (${response.status})`);
}

export function testSource(id: string): Promise<ConnectionReport> {
  return call(sourcesApiUrl(id, "test"), connectionReportSchema, { method: "POST" });
}

export function syncSource(id: string): Promise<SyncRequested> {
  return call(sourcesApiUrl(id, "sync"), syncRequestedSchema, { method: "POST" });
}
