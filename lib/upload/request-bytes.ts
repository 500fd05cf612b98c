import { Readable } from "node:stream";
import { ReadError } from "@/lib/ingest/read/read-cloudtrail";
import { formatSize } from "@/lib/ingestions/format";

// The bytes of a request body, read with backpressure (the next chunk is pulled only when the
// ingest asks for it), so an upload of any size holds a few chunks in memory at a time.
//
// When the connection fails mid-body (the browser tab closed, the upload cancelled, a proxy
// timed out) reading throws: that is not bad data, it is an interrupted upload. The upload's
// abort controller records why; the file being read is reported as not ingested rather than
// as a storage or syntax error.

export class UploadInterrupted extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UploadInterrupted";
  }
}

/** Why an upload stopped early, for the file's error and the run's. */
export function interruptionMessage(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof UploadInterrupted) return reason.message;
  return "the client disconnected before the upload finished";
}

/** The error a read ends with once the upload is aborted; the first call records why. */
export function interrupted(
  upload: AbortController,
  message = "the client disconnected before the upload finished",
): ReadError {
  if (!upload.signal.aborted) upload.abort(new UploadInterrupted(message));
  return new ReadError("aborted", interruptionMessage(upload.signal));
}

/**
 * The body's chunks. When the upload is aborted (the client went away while the body stalls),
 * the pending read is cancelled and reading throws: each file finds out through its own bytes,
 * so a file whose bytes had all arrived still finishes.
 */
export async function* requestBytes(
  body: ReadableStream<Uint8Array>,
  upload: AbortController,
): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  const cancel = () => void reader.cancel().catch(() => {});
  upload.signal.addEventListener("abort", cancel, { once: true });
  let received = 0;
  let finished = false;
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch {
        throw interrupted(upload, `the connection was lost after ${formatSize(received)} of the request body`);
      }
      if (upload.signal.aborted) throw interrupted(upload);
      if (chunk.done) {
        finished = true;
        return;
      }
      received += chunk.value.byteLength;
      yield chunk.value;
    }
  } finally {
    upload.signal.removeEventListener("abort", cancel);
    // Stopped early (the file failed on its first bytes): let Node discard the rest of the
    // body after the response, instead of resetting the connection before the client reads it.
    if (!finished && !upload.signal.aborted) reader.releaseLock();
  }
}

/** A Node stream of the body, for busboy; errors surface as an interruption of the upload. */
export function requestStream(body: ReadableStream<Uint8Array>, upload: AbortController): Readable {
  return Readable.from(requestBytes(body, upload), { objectMode: false });
}
