import {
  liveUploadSnapshotSchema,
  problemSchema,
  uploadEventSchema,
  type LiveUploadSnapshot,
  type UploadEvent,
} from "@/lib/ingest/upload-schemas";
import { ingestApiUrl, uploadProgressApiUrl } from "@/lib/urls";

// The browser's side of POST /api/ingest: one multipart request for a whole batch (one run),
// sent with XMLHttpRequest because only XHR reports upload progress. The answer is NDJSON
// (run, file-start, file-progress, file-done, done); browsers deliver it only once the body is
// sent, so while sending, the server's side is followed with fetchLiveUpload (a separate,
// short request). File contents are never read by the page: the browser streams them from disk.

export interface OutgoingFile {
  /** The name the server records: the path inside a dropped folder, or the file name. */
  name: string;
  blob: Blob;
}

export interface SendCallbacks {
  /** Bytes of the request body sent so far, of `total`. */
  onUploadProgress(loaded: number, total: number): void;
  onEvent(event: UploadEvent): void;
}

export type SendEnd =
  | { kind: "done" }
  /** Refused before any file was read (415, 400, 413…), or a line we could not understand. */
  | { kind: "refused"; status: number; message: string }
  | { kind: "network-error" }
  | { kind: "cancelled" };

export interface SendHandle {
  cancel(): void;
  ended: Promise<SendEnd>;
}

export function sendUpload(uploadId: string, files: OutgoingFile[], callbacks: SendCallbacks): SendHandle {
  const form = new FormData();
  for (const f of files) form.append("file", f.blob, f.name);

  const xhr = new XMLHttpRequest();
  xhr.open("POST", ingestApiUrl({ source: "upload", upload: uploadId }));
  xhr.setRequestHeader("Accept", "application/x-ndjson");

  let parsed = 0;
  let sawDone = false;
  const readLines = () => {
    if (xhr.status !== 200) return;
    const text = xhr.responseText;
    let newline = text.indexOf("\n", parsed);
    while (newline !== -1) {
      const line = text.slice(parsed, newline).trim();
      parsed = newline + 1;
      if (line) {
        const event = uploadEventSchema.safeParse(JSON.parse(line));
        if (event.success) {
          if (event.data.type === "done") sawDone = true;
          callbacks.onEvent(event.data);
        }
      }
      newline = text.indexOf("\n", parsed);
    }
  };

  const ended = new Promise<SendEnd>((resolve) => {
    xhr.upload.onprogress = (e) => callbacks.onUploadProgress(e.loaded, e.lengthComputable ? e.total : 0);
    xhr.onprogress = readLines;
    xhr.onload = () => {
      if (xhr.status === 200) {
        readLines();
        resolve(sawDone ? { kind: "done" } : { kind: "network-error" });
        return;
      }
      resolve({ kind: "refused", status: xhr.status, message: problemMessage(xhr.responseText, xhr.status) });
    };
    xhr.onerror = () => resolve({ kind: "network-error" });
    xhr.onabort = () => resolve({ kind: "cancelled" });
  });
  xhr.send(form);
  return { cancel: () => xhr.abort(), ended };
}

function problemMessage(text: string, status: number): string {
  try {
    const body = JSON.parse(text) as { error?: unknown };
    const problem = problemSchema.safeParse(body.error);
    if (problem.success) return problem.data.message;
  } catch {
    // not JSON: a proxy's error page
  }
  return `The server answered ${status}.`;
}

/** Where the server is with the upload; null when it does not know it (not started, or long gone). */
export async function fetchLiveUpload(uploadId: string): Promise<LiveUploadSnapshot | null> {
  const response = await fetch(uploadProgressApiUrl(uploadId), { cache: "no-store" });
  if (!response.ok) return null;
  const snapshot = liveUploadSnapshotSchema.safeParse(await response.json());
  return snapshot.success ? snapshot.data : null;
}

/** An id for ?upload=: random, and available outside secure contexts (plain http on a LAN). */
export function newUploadId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}
