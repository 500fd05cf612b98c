// Streams a CloudTrail file of any supported format and yields its ElastiCache records, with
// bounded memory: the input is decompressed chunk by chunk, cut into raw records by a byte-level
// scanner, and only records that may be ElastiCache's are parsed (see record-filter.ts).
//
// What is recoverable. A record is rejected and reading goes on when the damage stays inside it:
// invalid JSON whose brackets still balance (bad literal, missing comma or colon, bad escape,
// control character), a record over maxRecordBytes (passed over without being kept in memory),
// an array element that is not an object, a lookup-events entry whose CloudTrailEvent is bad.
// Anything that breaks the structure between records is fatal (ReadError), because from there on
// record boundaries can no longer be trusted: unbalanced brackets, missing commas between
// records, stray bytes, an unexpected end, damaged or truncated gzip, the size limit, abort.
// Items yielded before a fatal error stay valid: callers should store the good records of a
// partly bad file.

import { yieldToEventLoop } from "@/lib/async/yield-to-event-loop";
import { decompressedChunks, abortedError, type ByteCounts, type ByteInput } from "./byte-source";
import { JsonSplitter } from "./json-splitter";
import { notJsonError, ReadError } from "./read-error";
import { RecordClassifier } from "./record-classifier";
import { DEFAULT_MAX_DECOMPRESSED_BYTES, DEFAULT_MAX_RECORD_BYTES, type ReadItem, type ReadOptions } from "./types";

export { ReadError, type ReadErrorCode } from "./read-error";
export type { FileFormat, ReadItem, ReadOptions } from "./types";

const PROGRESS_EVERY_BYTES = 4 * 1024 * 1024;
/** Big input chunks are fed in slices so the items waiting to be yielded stay few. */
const SLICE_BYTES = 1024 * 1024;
const HEAD_BYTES = 16;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export async function* readCloudTrail(input: ByteInput, options: ReadOptions = {}): AsyncGenerator<ReadItem> {
  const signal = options.signal;
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const counts: ByteCounts = { compressedBytes: 0, decompressedBytes: 0, gzip: false };
  const classifier = new RecordClassifier(maxRecordBytes);
  let splitter: JsonSplitter | undefined;
  // The first chunks, gathered until there are enough bytes to check for a BOM; then only the
  // first bytes are kept, to quote in a "not JSON" message.
  let head: Buffer[] = [];
  let headLength = 0;
  let fileStart = Buffer.alloc(0);
  let nextProgress = PROGRESS_EVERY_BYTES;
  let failure: unknown;

  const drain = function* (final: boolean): Generator<ReadItem> {
    for (const item of classifier.out) {
      if (signal?.aborted) break; // the caller has stopped listening: don't hand out the rest
      yield item;
    }
    classifier.out.length = 0;
    const skipped = classifier.takeSkipped();
    if (skipped > 0) yield { type: "skipped", count: skipped };
    if (final) yield progress(counts);
  };
  const feed = (chunk: Buffer) => {
    for (let at = 0; at < chunk.length; at += SLICE_BYTES) splitter!.write(chunk.subarray(at, at + SLICE_BYTES));
  };
  const startSplitter = (): void => {
    // One chunk (the usual case) is used as it is: a copy would cost a megabyte per file.
    const bytes = head.length === 1 ? head[0]! : Buffer.concat(head);
    head = [];
    fileStart = Buffer.from(bytes.subarray(0, HEAD_BYTES));
    const bom = bytes.subarray(0, 3).equals(BOM) ? 3 : 0;
    splitter = new JsonSplitter(classifier, maxRecordBytes, bom, options.prefilter ?? true);
    feed(bytes.subarray(bom));
  };

  try {
    const source = decompressedChunks(
      input,
      {
        maxDecompressedBytes: options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES,
        requestBudget: options.requestBudget,
        signal,
        inputBytes: options.inputBytes,
      },
      counts,
    );
    for await (const chunk of source) {
      if (signal?.aborted) throw abortedError();
      if (counts.gzip) options.contentHash?.update(chunk);
      if (!splitter) {
        head.push(chunk);
        headLength += chunk.length;
        if (headLength < HEAD_BYTES) continue;
        startSplitter();
      } else {
        feed(chunk);
      }
      yield* drain(false);
      if (counts.decompressedBytes >= nextProgress) {
        nextProgress = counts.decompressedBytes + PROGRESS_EVERY_BYTES;
        yield progress(counts);
        // Let timers and I/O run even when the input never makes us wait.
        await yieldToEventLoop();
      }
    }
    if (signal?.aborted) throw abortedError();
    if (!splitter) startSplitter();
    splitter!.finish();
    classifier.finish();
  } catch (error) {
    failure = error;
    if (error instanceof ReadError && error.code === "syntax-error" && splitter && !splitter.started) {
      failure = notJsonError(fileStart);
    }
    if (signal?.aborted && !(error instanceof ReadError && error.code === "aborted")) failure = abortedError();
    classifier.settleBeforeError();
  }
  yield* drain(failure === undefined);
  if (failure !== undefined) throw failure;
}

function progress(counts: ByteCounts): ReadItem {
  return {
    type: "progress",
    compressedBytes: counts.compressedBytes,
    decompressedBytes: counts.decompressedBytes,
    gzip: counts.gzip,
  };
}
