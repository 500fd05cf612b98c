import { Readable } from "node:stream";
import { formatSize } from "@/lib/format/numbers";
import { interrupted } from "@/lib/ingest/upload-interrupted";

// The bytes of a request body, read with backpressure (the next chunk is pulled only when the
// ingest asks for it), so an upload of any size holds a few chunks in memory at a time.
//
// When the connection fails mid-body, reading throws: the upload is marked interrupted (see
// lib/ingest/upload-interrupted.ts) and the file being read learns it from its bytes.

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

/**
 * The same from Node's request stream (lib/api/ingest/node-request-body.ts), with the same
 * interruption, abort and early-stop behaviour: an abort destroys the request, as cancelling the
 * web stream does, and stopping early leaves the rest unread, as releasing its reader does.
 */
export async function* nodeRequestBytes(body: Readable, upload: AbortController): AsyncGenerator<Uint8Array> {
  const chunks = body.iterator({ destroyOnReturn: false }) as AsyncIterator<Buffer>;
  const cancel = () => void body.destroy();
  upload.signal.addEventListener("abort", cancel, { once: true });
  let received = 0;
  try {
    for (;;) {
      let chunk: IteratorResult<Buffer>;
      try {
        chunk = await chunks.next();
      } catch {
        throw interrupted(upload, `the connection was lost after ${formatSize(received)} of the request body`);
      }
      if (upload.signal.aborted) throw interrupted(upload);
      if (chunk.done) return;
      received += chunk.value.byteLength;
      yield chunk.value;
    }
  } finally {
    upload.signal.removeEventListener("abort", cancel);
  }
}

/** A Node stream of the body, for busboy; errors surface as an interruption of the upload. */
export function requestStream(body: ReadableStream<Uint8Array>, upload: AbortController): Readable {
  return Readable.from(requestBytes(body, upload), { objectMode: false });
}
