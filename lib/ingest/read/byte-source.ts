// The input's bytes, decompressed when they are gzip (detected by the magic bytes 1f 8b, never by
// a file name), counted against the decompressed-size limit and cancellable. Gunzip runs on the
// libuv thread pool, so it overlaps with the scanning done on the main thread.

import { Readable, pipeline } from "node:stream";
import { createGunzip } from "node:zlib";
import { formatCount, formatSize } from "@/lib/format/numbers";
import { ReadError } from "./read-error";
import type { DecompressedBudget } from "./types";

export interface ByteCounts {
  compressedBytes: number;
  decompressedBytes: number;
  /** The input is gzip (known before its first chunk is handed out). */
  gzip: boolean;
}

export type ByteInput = AsyncIterable<Uint8Array> | NodeJS.ReadableStream;

/**
 * Larger than zlib's 16 KiB default: per-chunk overhead costs more than the inflating itself
 * otherwise (measured on 200 MB of trail: 2.5 s of CPU at 16 KiB, 0.6–0.8 s at 64 KiB, 0.4–0.6 s at 256 KiB).
 * And the prefilter passes over whole records within a chunk only: with records of 60–70 KB, a
 * chunk's last one is scanned byte by byte, a quarter of the bytes at 256 KiB (1 MiB: 2.26 → 2.15 s on
 * 200 MB of such a trail, docs/benchmarks.md). A few chunks per file read at once stay in memory.
 */
const GUNZIP_CHUNK_BYTES = 1024 * 1024;
/**
 * A small file's output buffer is sized to it instead (16 × its compressed size, at least this): a trail of
 * small files otherwise allocated a megabyte per file, and V8 collected garbage for those megabytes
 * (docs/benchmarks.md, session 28).
 */
const MIN_GUNZIP_CHUNK_BYTES = 64 * 1024;

function gunzipChunkBytes(inputBytes: number | undefined): number {
  if (inputBytes === undefined) return GUNZIP_CHUNK_BYTES;
  return Math.min(GUNZIP_CHUNK_BYTES, Math.max(MIN_GUNZIP_CHUNK_BYTES, inputBytes * 16));
}

export function abortedError(): ReadError {
  return new ReadError("aborted", "reading was cancelled");
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === "string") return Buffer.from(chunk, "utf8");
  throw new TypeError(`expected bytes from the input, got ${typeof chunk}`);
}

/** next() that gives up when the signal fires, so a stalled input cannot hang a cancelled read. */
function nextOrAbort(
  iterator: AsyncIterator<unknown>,
  signal: AbortSignal | undefined,
): Promise<IteratorResult<unknown>> {
  if (!signal) return iterator.next();
  if (signal.aborted) return Promise.reject(abortedError());
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortedError());
    signal.addEventListener("abort", onAbort, { once: true });
    iterator.next().then(
      (result) => {
        signal.removeEventListener("abort", onAbort);
        resolve(result);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

export async function* decompressedChunks(
  input: ByteInput,
  options: {
    maxDecompressedBytes: number;
    requestBudget?: DecompressedBudget;
    signal: AbortSignal | undefined;
    inputBytes?: number;
  },
  counts: ByteCounts,
): AsyncGenerator<Buffer> {
  const { signal } = options;
  const iterator = (input as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const readInput = async (): Promise<Buffer | undefined> => {
    const result = await nextOrAbort(iterator, signal);
    if (result.done) return undefined;
    const chunk = toBuffer(result.value);
    counts.compressedBytes += chunk.length;
    return chunk;
  };
  try {
    // Enough bytes to see the gzip magic.
    const first: Buffer[] = [];
    let firstLength = 0;
    let ended = false;
    while (firstLength < 2) {
      const chunk = await readInput();
      if (!chunk) {
        ended = true;
        break;
      }
      first.push(chunk);
      firstLength += chunk.length;
    }
    const head = Buffer.concat(first);
    const budget = options.requestBudget;
    const countOut = (chunk: Buffer, gzip: boolean) => {
      counts.decompressedBytes += chunk.length;
      if (budget && (budget.remaining -= chunk.length) < 0) {
        throw new ReadError(
          "too-large",
          `the files of this request decompress to more than the ${formatSize(budget.limit)} limit for one request (${budget.setting})`,
        );
      }
      if (counts.decompressedBytes > options.maxDecompressedBytes) {
        const limit = formatSize(options.maxDecompressedBytes);
        throw new ReadError(
          "too-large",
          gzip ? `decompressed size exceeds the ${limit} limit (a gzip bomb?)` : `the file exceeds the ${limit} limit`,
        );
      }
    };
    if (head[0] !== 0x1f || head[1] !== 0x8b) {
      if (head.length > 0) {
        countOut(head, false);
        yield head;
      }
      for (let chunk = ended ? undefined : await readInput(); chunk; chunk = await readInput()) {
        countOut(chunk, false);
        yield chunk;
      }
      return;
    }
    counts.gzip = true;
    const chunkBytes = gunzipChunkBytes(options.inputBytes);
    yield* gunzip(head, ended ? undefined : readInput, (chunk) => countOut(chunk, true), signal, counts, chunkBytes);
  } finally {
    // Release the input (close the file) when we stop early; its own errors no longer matter.
    Promise.resolve(iterator.return?.()).catch(() => {});
  }
}

async function* gunzip(
  head: Buffer,
  readInput: (() => Promise<Buffer | undefined>) | undefined,
  countOut: (chunk: Buffer) => void,
  signal: AbortSignal | undefined,
  counts: ByteCounts,
  chunkBytes: number,
): AsyncGenerator<Buffer> {
  async function* compressed() {
    yield head;
    if (!readInput) return;
    for (let chunk = await readInput(); chunk; chunk = await readInput()) yield chunk;
  }
  const gunzipStream = createGunzip({ chunkSize: chunkBytes });
  // Errors of the input and of zlib both surface through the iteration of gunzipStream.
  pipeline(Readable.from(compressed()), gunzipStream, () => {});
  const onAbort = () => gunzipStream.destroy(abortedError());
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for await (const chunk of outputThenError(gunzipStream)) {
      countOut(chunk);
      yield chunk;
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const after = `${formatCount(counts.compressedBytes)} compressed bytes`;
    if (code === "Z_BUF_ERROR") {
      throw new ReadError("truncated-gzip", `the gzip stream is truncated (unexpected end of file after ${after})`, {
        byteOffset: counts.compressedBytes,
      });
    }
    if (typeof code === "string" && code.startsWith("Z_")) {
      throw new ReadError("gzip-error", `the gzip data is damaged (${(error as Error).message} after ${after})`, {
        byteOffset: counts.compressedBytes,
      });
    }
    throw error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    gunzipStream.destroy();
  }
}

/**
 * A stream's chunks, then its error. A Readable's own iterator throws as soon as the error comes and
 * drops the output still buffered: how many records of a cut gzip file were kept then depended on
 * how fast they were consumed (306 or 314 of one test file, by the speed of the database or of a
 * reading thread). Here everything decompressed before the cut is handed out first. Reading pauses
 * while OUTPUT_AHEAD chunks wait, so memory stays bounded.
 */
async function* outputThenError(stream: NodeJS.ReadableStream & { destroyed?: boolean }): AsyncGenerator<Buffer> {
  const ready: Buffer[] = [];
  let failure = null as { error: unknown } | null;
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const onData = (chunk: Buffer) => {
    ready.push(chunk);
    if (ready.length >= OUTPUT_AHEAD) stream.pause();
    notify();
  };
  const onError = (error: unknown) => {
    failure ??= { error };
    notify();
  };
  const onEnd = () => {
    ended = true;
    notify();
  };
  stream.on("data", onData);
  stream.on("error", onError);
  stream.on("end", onEnd);
  stream.on("close", onEnd);
  try {
    for (;;) {
      const chunk = ready.shift();
      if (chunk) {
        if (ready.length < OUTPUT_AHEAD) stream.resume();
        yield chunk;
        continue;
      }
      if (failure) throw failure.error;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    stream.off("data", onData);
    stream.off("end", onEnd);
    stream.off("close", onEnd);
    // Later errors (the stream destroyed by the caller) have no one to report to.
    stream.off("error", onError);
    stream.on("error", () => {});
  }
}

/** Decompressed chunks read ahead of the scanner (of GUNZIP_CHUNK_BYTES each). */
const OUTPUT_AHEAD = 2;
