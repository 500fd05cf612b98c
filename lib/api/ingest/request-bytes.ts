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
 * A body arrives in pieces of a few KB (about 12,000 socket reads for 200 MB), and each piece cost
 * a few promises in every async layer between here and the engine's record scanner, each one
 * seen by the hooks Next.js's AsyncLocalStorage installs: 202,000 promises for a raw 200 MB
 * upload, 119,000 with pieces gathered (the CLI makes 73,000). Gathered up to GATHER_BYTES, or for
 * at most GATHER_WAIT_MS when the body pauses, so a slow client's progress still shows and a file
 * whose last bytes arrived is read to its end. 1 MiB saved a little more CPU but raised the peak
 * RSS of four uploads of 1 MB records at once past 500 MB (tests/memory/large-records.test.ts).
 * Exported for its test.
 */
export const GATHER_BYTES = 512 * 1024;
const GATHER_WAIT_MS = 20;
const WAITED = Symbol("waited");

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
  let reading = null as Promise<IteratorResult<Uint8Array>> | null;
  const gathered: Uint8Array[] = [];
  let gatheredBytes = 0;
  let waited: Promise<typeof WAITED> | null = null;
  let timer: NodeJS.Timeout | undefined;
  /** What is gathered, as one piece; the next piece gathered starts a new wait. */
  const handOn = (): Uint8Array => {
    clearTimeout(timer);
    waited = null;
    const bytes = gathered.length === 1 ? gathered[0]! : Buffer.concat(gathered, gatheredBytes);
    gathered.length = 0;
    gatheredBytes = 0;
    return bytes;
  };
  try {
    for (;;) {
      let chunk: IteratorResult<Uint8Array> | typeof WAITED;
      try {
        reading ??= source.next();
        // The wait starts with the first gathered piece: while nothing is gathered there is nothing to hand on.
        if (gatheredBytes > 0)
          waited ??= new Promise((resolve) => (timer = setTimeout(resolve, GATHER_WAIT_MS, WAITED)));
        chunk = await (waited ? Promise.race([reading, waited]) : reading);
      } catch {
        if (gatheredBytes > 0) yield handOn();
        throw interrupted(upload, `the connection was lost after ${formatSize(received)} of the request body`);
      }
      if (upload.signal.aborted) {
        if (gatheredBytes > 0) yield handOn();
        throw interrupted(upload);
      }
      if (chunk !== WAITED) {
        reading = null;
        if (chunk.done) {
          finished = true;
          if (gatheredBytes > 0) yield handOn();
          return;
        }
        received += chunk.value.byteLength;
        gathered.push(chunk.value);
        gatheredBytes += chunk.value.byteLength;
        if (gatheredBytes < GATHER_BYTES) continue;
      }
      yield handOn();
    }
  } finally {
    clearTimeout(timer);
    // A read left pending when the consumer stopped may still fail (a released reader rejects it).
    reading?.catch(() => {});
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
