import "server-only";
import { ingestionUrl } from "@/lib/urls";
import type { UploadListener } from "./ingest-upload";
import type { LiveUploadSnapshot, UploadEvent } from "./upload-schemas";

// Progress of the uploads in flight, by the id the browser gave its upload (?upload=…), for
// GET /api/ingest/progress/:uploadId. Why not only the NDJSON answer: browsers do not read a
// response while they are still sending the request body (Chromium over HTTP/1.1), so the
// page would see no line before the last byte is sent. A second, short request every second
// does get through. Kept in memory: it is only live progress — the run, its files and their
// outcomes are in the database.

const KEEP_FINISHED_MS = 10 * 60_000;
const MAX_TRACKED = 500;

interface Tracked {
  snapshot: LiveUploadSnapshot;
  finishedAt: number | null;
}

const globalForUploads = globalThis as { cachetrailLiveUploads?: Map<string, Tracked> };
const uploads = (globalForUploads.cachetrailLiveUploads ??= new Map());

function prune(now: number) {
  for (const [id, t] of uploads) if (t.finishedAt !== null && now - t.finishedAt > KEEP_FINISHED_MS) uploads.delete(id);
  // Bounded whatever clients send: the oldest entries go first (a Map keeps insertion order).
  while (uploads.size >= MAX_TRACKED) uploads.delete(uploads.keys().next().value!);
}

/**
 * Starts tracking an upload; the returned function records each event of it. Undefined when
 * the id is taken (in flight, or finished within the last minutes): a client-chosen id must
 * never replace another upload's progress.
 */
export function trackUpload(uploadId: string): ((event: UploadEvent) => void) | undefined {
  prune(Date.now());
  if (uploads.has(uploadId)) return undefined;
  const tracked: Tracked = { snapshot: { runId: null, files: [], done: null }, finishedAt: null };
  uploads.set(uploadId, tracked);
  return (event) => {
    const s = tracked.snapshot;
    switch (event.type) {
      case "run":
        s.runId = event.runId;
        break;
      case "file-start":
        s.files[event.index] = {
          index: event.index,
          name: event.name,
          bytes: 0,
          recordsRead: 0,
          stored: 0,
          result: null,
        };
        break;
      case "file-progress": {
        const f = s.files[event.index];
        if (f) Object.assign(f, { bytes: event.bytes, recordsRead: event.recordsRead, stored: event.stored });
        break;
      }
      case "file-done": {
        const f = s.files[event.file.index];
        if (f)
          Object.assign(f, {
            bytes: event.file.bytes,
            recordsRead: event.file.recordsRead,
            stored: event.file.stored,
            result: event.file,
          });
        break;
      }
      case "done":
        s.done = { httpStatus: event.httpStatus, error: event.error ?? null, result: event.result };
        tracked.finishedAt = Date.now();
        break;
    }
  };
}

export function liveUpload(uploadId: string): LiveUploadSnapshot | null {
  return uploads.get(uploadId)?.snapshot ?? null;
}

/** An UploadListener that turns the ingest's callbacks into events for `emit`. */
export function eventListener(emit: (event: UploadEvent) => void): UploadListener {
  return {
    onRun: (runId) => emit({ type: "run", runId, url: ingestionUrl(runId) }),
    onFileStart: (index, name) => emit({ type: "file-start", index, name }),
    onFileProgress: (index, p) =>
      emit({
        type: "file-progress",
        index,
        bytes: p.bytes,
        decompressedBytes: p.decompressedBytes,
        recordsRead: p.recordsRead,
        stored: p.stored,
      }),
    onFileDone: (file) => emit({ type: "file-done", file }),
  };
}
