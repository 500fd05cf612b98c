import { Readable } from "node:stream";
import { formatSize } from "@/lib/format/numbers";
import { interrupted } from "@/lib/ingest/upload-interrupted";

// The bytes of a request body, read with backpressure (the next chunk is pulled only when the
// ingest asks for it), so an upload of any size holds a few chunks in memory at a time.
//
// When the connection fails mid-body, reading throws: the upload is marked interrupted (see
// lib/ingest/upload-interrupted.ts) and the file being read learns it from its bytes.

/** Where a body's chunks come from: its next chunk, how to give up on it (abort), how to stop early. */
interface BodySource {
  next(): Promise<IteratorResult<Uint8Array>>;
  /** The client went away: stop the pending read. */
  cancel(): void;
  /** Stopped early (the file failed on its first bytes): leave the rest unread. */
  release(): void;
}

/**
 * The body's chunks. When the upload is aborted (the client went away while the body stalls),
 * the pending read is cancelled and reading throws: each file finds out through its own bytes,
 * so a file whose bytes had all arrived still finishes.
 */
async function* bodyChunks(source: BodySource, upload: AbortController): AsyncGenerator<Uint8Array> {
  const cancel = () => source.cancel();
  upload.signal.addEventListener("abort", cancel, { once: true });
  let received = 0;
  let finished = false;
  try {
    for (;;) {
      let chunk: IteratorResult<Uint8Array>;
      try {
        chunk = await source.next();
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
    if (!finished && !upload.signal.aborted) source.release();
  }
}

/** The chunks of the web stream Next.js gives a route. */
export function requestBytes(body: ReadableStream<Uint8Array>, upload: AbortController): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  return bodyChunks(
    {
      next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
      cancel: () => void reader.cancel().catch(() => {}),
      // Let Node discard the rest of the body after the response, instead of resetting the
      // connection before the client reads it.
      release: () => reader.releaseLock(),
    },
    upload,
  );
}

/**
 * The same from Node's request stream (lib/api/ingest/node-request-body.ts): an abort destroys the
 * request, as cancelling the web stream does, and stopping early leaves the rest unread.
 */
export function nodeRequestBytes(body: Readable, upload: AbortController): AsyncGenerator<Uint8Array> {
  const chunks = body.iterator({ destroyOnReturn: false }) as AsyncIterator<Buffer>;
  return bodyChunks({ next: () => chunks.next(), cancel: () => void body.destroy(), release: () => {} }, upload);
}

/** A Node stream of the body, for busboy; errors surface as an interruption of the upload. */
export function requestStream(body: ReadableStream<Uint8Array>, upload: AbortController): Readable {
  return Readable.from(requestBytes(body, upload), { objectMode: false });
}
