// The stored form of an event's record (event.record_data, bytea): the record's JSON text exactly
// as it was read (or as written after masking a secret), deflate-compressed against a shared
// dictionary of typical ElastiCache records. A record of ~1.8 KB becomes ~300 B, where jsonb kept
// ~1.55 KB (PostgreSQL's pglz does not compress jsonb, and lz4 is not in the embedded build):
// docs/benchmarks.md, "Disk per event".
//
// Layout: one format byte, the text's length in bytes (uint32, big-endian: SQL can read it with
// get_byte to size a batch before decoding), then the payload.
//   format 0: the text itself (a record that does not compress, e.g. already random bytes);
//   format 1: deflate-raw of the text with RECORD_DICTIONARY_1 as preset dictionary.
// A format, once written, is never changed: a new dictionary is a new format byte, and every
// dictionary stays here for as long as rows may hold it. Pure (no database), so ingest workers
// can encode in their own threads.
//
// Speed (docs/benchmarks.md, "The record's cost at ingest"): zlib's one-shot deflateRawSync spends
// most of its ~80 µs per record not on the record but on setting up: a new stream object and zlib
// state per call, plus hashing the 16 KB dictionary. So each thread keeps one deflate and one
// inflate zlib handle for the life of the process and resets it per record (reset re-applies the
// dictionary, which is the part that stays: ~25 µs). It writes the same kind of stream, so this is
// still format 1 and every stored row reads as before (byte for byte the one-shot stream for all
// but ~1 record in 3,000: a reset leaves the previous record's bytes past the window's end, which
// can steer a match choice by a byte or two; either inflates to the same text). The reused handles go
// through Node's zlib binding (`_handle.writeSync`, `_writeState`: what zlib.js itself drives);
// where that binding is not as expected, the one-shot functions below are used instead.

import { constants, createDeflateRaw, createInflateRaw, deflateRawSync, inflateRawSync } from "node:zlib";
import { RECORD_DICTIONARY_1 } from "./record-dictionary-1";

export const RECORD_FORMAT_RAW = 0;
export const RECORD_FORMAT_DEFLATE_DICT_1 = 1;
const HEADER = 5;

const dictionary1 = Buffer.from(RECORD_DICTIONARY_1, "base64");

/**
 * zlib's default level: measured against 1 (scripts/records/dictionary.ts --measure), 6 saves ~40 B
 * per record for a few more microseconds: the fixed cost of starting a stream with a dictionary dominates.
 */
const LEVEL = 6;

/** Scratch output kept between records; a larger record gets a buffer of its own. */
const SCRATCH_BYTES = 64 * 1024;

/** The part of Node's zlib binding a reused handle drives (node/src/node_zlib.cc). */
interface ZlibBinding {
  writeSync(
    flush: number,
    input: Uint8Array,
    inOffset: number,
    inLength: number,
    output: Uint8Array,
    outOffset: number,
    outLength: number,
  ): void;
  reset(): void;
  close(): void;
  onerror: (message: string, errno: number) => void;
}

/**
 * One zlib stream reused for every call: reset, then one Z_FINISH write into `output`. Returns how
 * many bytes were written and whether the stream ended inside `output`, or throws zlib's error.
 */
class ReusedZlib {
  private binding: ZlibBinding | null = null;
  private state: Uint32Array | null = null;
  private error: string | null = null;
  private unsupported = false;

  constructor(
    private readonly open: () => unknown,
    /** A round trip checked against zlib's public one-shot functions before the handle is trusted. */
    private readonly proven: (zlib: ReusedZlib) => boolean,
  ) {}

  /** false when this Node's zlib stream does not expose the binding as expected. */
  available(): boolean {
    if (this.binding) return true;
    if (this.unsupported) return false;
    const stream = this.open() as { _handle?: Partial<ZlibBinding>; _writeState?: unknown };
    const binding = stream._handle;
    if (
      !binding ||
      typeof binding.writeSync !== "function" ||
      typeof binding.reset !== "function" ||
      !(stream._writeState instanceof Uint32Array)
    ) {
      this.unsupported = true;
      return false;
    }
    // The stream object is dropped: its handle's errors now come here instead of destroying it.
    binding.onerror = (message: string) => {
      this.error = message;
    };
    this.binding = binding as ZlibBinding;
    this.state = stream._writeState;
    // These are Node's internals: a Node release may change what they mean without any error.
    // A handle that does not give the public functions' result is never used.
    let proven = false;
    try {
      proven = this.proven(this);
    } catch {}
    if (!proven) {
      this.binding?.close();
      this.binding = null;
      this.state = null;
      this.unsupported = true;
    }
    return proven;
  }

  run(input: Uint8Array, output: Uint8Array): { written: number; inputLeft: number; outputLeft: number } {
    const binding = this.binding!;
    const state = this.state!;
    this.error = null;
    binding.reset();
    binding.writeSync(constants.Z_FINISH, input, 0, input.length, output, 0, output.length);
    if (this.error !== null) {
      // After an error zlib's state is not trusted: the next call opens a fresh handle.
      const message = this.error;
      this.binding = null;
      this.state = null;
      binding.close();
      throw new Error(`zlib: ${message}`);
    }
    const outputLeft = state[0]!;
    return { written: output.length - outputLeft, inputLeft: state[1]!, outputLeft };
  }
}

const PROBE = Buffer.from(
  JSON.stringify({
    eventSource: "elasticache.amazonaws.com",
    eventName: "ModifyReplicationGroup",
    requestParameters: { replicationGroupId: "probe", cacheNodeType: "cache.r7g.large", note: "0123456789".repeat(40) },
  }),
);
const deflate1 = new ReusedZlib(
  () => createDeflateRaw({ dictionary: dictionary1, level: LEVEL }),
  (zlib) => {
    const out = Buffer.alloc(PROBE.length);
    const { written, outputLeft } = zlib.run(PROBE, out);
    return outputLeft > 0 && inflateRawSync(out.subarray(0, written), { dictionary: dictionary1 }).equals(PROBE);
  },
);
const inflate1 = new ReusedZlib(
  () => createInflateRaw({ dictionary: dictionary1 }),
  (zlib) => {
    const out = Buffer.alloc(PROBE.length + 1);
    const packed = deflateRawSync(PROBE, { dictionary: dictionary1, level: LEVEL });
    const { written, inputLeft, outputLeft } = zlib.run(packed, out);
    return inputLeft === 0 && outputLeft === 1 && out.subarray(0, written).equals(PROBE);
  },
);
let scratch: Buffer | null = null;

function stored(format: number, length: number, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(HEADER + payload.length);
  out[0] = format;
  out.writeUInt32BE(length, 1);
  out.set(payload, HEADER);
  return out;
}

/** The stored form of a record's JSON text (UTF-8 bytes or a string). */
export function encodeRecord(json: Buffer | string): Buffer {
  const text = typeof json === "string" ? Buffer.from(json, "utf8") : json;
  if (!deflate1.available()) return encodeRecordOneShot(text);
  // Room for exactly text.length bytes: a stream that has not ended inside it is at least as
  // long as the text, and the text is stored as it is (what the one-shot form decides too).
  const output =
    text.length <= SCRATCH_BYTES ? (scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES)) : Buffer.allocUnsafe(text.length);
  const { written, outputLeft } = deflate1.run(text, output.subarray(0, text.length));
  if (outputLeft === 0) return stored(RECORD_FORMAT_RAW, text.length, text);
  return stored(RECORD_FORMAT_DEFLATE_DICT_1, text.length, output.subarray(0, written));
}

/**
 * encodeRecord through zlib's one-shot deflateRawSync (a new stream per record): the fallback,
 * and the baseline scripts/bench/record-store.ts measures against. Same bytes as encodeRecord.
 */
export function encodeRecordOneShot(json: Buffer | string): Buffer {
  const text = typeof json === "string" ? Buffer.from(json, "utf8") : json;
  const packed = deflateRawSync(text, { dictionary: dictionary1, level: LEVEL });
  return packed.length >= text.length
    ? stored(RECORD_FORMAT_RAW, text.length, text)
    : stored(RECORD_FORMAT_DEFLATE_DICT_1, text.length, packed);
}

/** The length in bytes of the record text a stored form holds (from its header, nothing decoded). */
export function encodedRecordLength(stored: Uint8Array): number {
  if (stored.length < HEADER) throw new Error("stored record is truncated");
  return Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).readUInt32BE(1);
}

/** The record's JSON text, byte for byte as encodeRecord was given it. */
export function decodeRecordBytes(stored: Uint8Array): Buffer {
  return decodeStored(stored, inflate1.available());
}

/** decodeRecordBytes through zlib's one-shot inflateRawSync: the fallback, and the benchmark's baseline. */
export function decodeRecordBytesOneShot(stored: Uint8Array): Buffer {
  return decodeStored(stored, false);
}

function decodeStored(stored: Uint8Array, reuse: boolean): Buffer {
  const buf = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  const length = encodedRecordLength(buf);
  const payload = buf.subarray(HEADER);
  let text: Buffer;
  switch (buf[0]) {
    case RECORD_FORMAT_RAW:
      text = payload;
      break;
    case RECORD_FORMAT_DEFLATE_DICT_1:
      text = reuse ? inflateInto(payload, length) : inflateOneShot(payload, length);
      break;
    default:
      throw new Error(`unknown stored record format ${buf[0]}`);
  }
  if (text.length !== length) throw new Error(`stored record is corrupt: ${text.length} bytes, header says ${length}`);
  return text;
}

function inflateOneShot(payload: Buffer, length: number): Buffer {
  // The header bounds the output: a corrupt payload cannot inflate past the length it claims.
  return inflateRawSync(payload, { dictionary: dictionary1, maxOutputLength: Math.max(length, 1) });
}

function inflateInto(payload: Buffer, length: number): Buffer {
  // One byte more than the header claims: a stream that fills it is longer than it says.
  const out = Buffer.allocUnsafe(length + 1);
  const { written, inputLeft, outputLeft } = inflate1.run(payload, out);
  if (outputLeft === 0) throw new Error(`stored record is corrupt: more than the ${length} bytes its header says`);
  if (inputLeft !== 0) throw new Error("stored record is corrupt: bytes after the end of its deflate stream");
  return out.subarray(0, written);
}

/** The record's JSON text as a string. */
export function decodeRecordText(stored: Uint8Array): string {
  return decodeRecordBytes(stored).toString("utf8");
}

/** The record, parsed. */
export function decodeRecord(stored: Uint8Array): unknown {
  return JSON.parse(decodeRecordText(stored));
}
