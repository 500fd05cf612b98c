// The stored form of an event's record (event.record_data, bytea): the record's JSON text exactly
// as it was read (or as written after masking a secret), deflate-compressed against a shared
// dictionary of typical ElastiCache records. A record of ~1.8 KB becomes ~300 B, where jsonb kept
// ~1.55 KB (PostgreSQL's pglz does not compress jsonb, and lz4 is not in the embedded build):
// docs/benchmarks.md, "Disk per event".
//
// Layout: one format byte, the text's length in bytes (uint32, big-endian: SQL can read it with
// get_byte to size a batch before decoding), then the payload.
//   format 0: the text itself (a record that does not compress, e.g. already random bytes);
//   format 1: deflate-raw of the text with RECORD_DICTIONARY_1 as preset dictionary;
//   format 2: deflate-raw, with RECORD_DICTIONARY_2, of the text without the values its own event row
//   already holds (below).
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
//
// Format 2 (session 20, issue 19): the values of eventID, eventTime, sourceIPAddress, userAgent,
// requestID and userIdentity.accessKeyId are random or long, and the row keeps each in a column of
// its own (event_key/event_id, event_time, source_ip, user_agent, request_key/request_id,
// access_key_id) that nothing UPDATEs after the insert. Where the text holds `"<key>":` followed by
// exactly JSON.stringify(column value), the value's bytes between its quotes are cut out (docs/
// benchmarks.md, "Session 20: record format 2"). Only bytes equal to the column's canonical JSON
// text are cut, so putting that text back gives the record byte for byte, whatever it looks like; a
// value written any other way (escaped, spaced, not the column's) simply stays in the text. The
// rest is deflated against dictionary 2: dictionary 1's records with those values emptied, as the
// rest holds them (~14 B less than dictionary 1 gives it). Decoding needs the row's columns
// (RecordColumnValues, selected by record-codec-sql.ts) and refuses a format-2 record without them.
//   Header after the length: one byte with bit i set for each field i of COLUMN_FIELDS cut, and bit 7
//   set when a varint per cut field follows (in bit order). A cut leaves `"<key>":""` in the rest: the
//   value goes back after the n-th such occurrence of its key there (n = the varint, or 0), which is
//   one byte where an offset would take two per field.

import { constants, createDeflateRaw, createInflateRaw, deflateRawSync, inflateRawSync } from "node:zlib";
import { RECORD_DICTIONARY_1 } from "./record-dictionary-1";
import { RECORD_DICTIONARY_2 } from "./record-dictionary-2";

export const RECORD_FORMAT_RAW = 0;
export const RECORD_FORMAT_DEFLATE_DICT_1 = 1;
export const RECORD_FORMAT_WITHOUT_COLUMNS_DICT_2 = 2;
const HEADER = 5;

/**
 * The event row's own values a format-2 record leaves out, each as the text the row holds (null when
 * it holds none): what the store writes and what record-codec-sql.ts's recordColumns selects.
 */
export interface RecordColumnValues {
  eventId: string | null;
  /** event_time as recordTimeText writes it (null when it cannot be written that way). */
  eventTime: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  requestId: string | null;
  accessKeyId: string | null;
}

/** Format 2's fields, in the header's bit order: never reorder, rows hold these bits. */
const COLUMN_FIELDS = [
  { key: "eventID", column: "eventId" },
  { key: "eventTime", column: "eventTime" },
  { key: "sourceIPAddress", column: "sourceIp" },
  { key: "userAgent", column: "userAgent" },
  { key: "requestID", column: "requestId" },
  { key: "accessKeyId", column: "accessKeyId" },
] as const satisfies readonly { key: string; column: keyof RecordColumnValues }[];
/** `"<key>":"`: what precedes a value that may be cut. */
const VALUE_PREFIX = COLUMN_FIELDS.map((f) => Buffer.from(`"${f.key}":"`));
/** `"<key>":""`: what a cut leaves in the rest. */
const CUT_MARK = COLUMN_FIELDS.map((f) => Buffer.from(`"${f.key}":""`));
const QUOTE = Buffer.from('"');
const OCCURRENCES_FOLLOW = 0x80;

/**
 * event_time as format 2 compares it with the text: CloudTrail's `YYYY-MM-DDTHH:MM:SSZ`, the form
 * recordColumns's to_char writes; null for a time with milliseconds or outside 1970–9999, where the
 * two formatters are not proven to agree (such a record keeps its eventTime).
 */
export function recordTimeText(time: Date): string | null {
  const ms = time.getTime();
  if (!Number.isFinite(ms) || ms % 1000 !== 0) return null;
  const year = time.getUTCFullYear();
  if (year < 1970 || year > 9999) return null;
  return time.toISOString().replace(".000Z", "Z");
}

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
/** A preset dictionary with the deflate and inflate handles reused for it. */
interface Dictionary {
  bytes: Buffer;
  deflate: ReusedZlib;
  inflate: ReusedZlib;
}

function dictionary(bytes: Buffer): Dictionary {
  return {
    bytes,
    deflate: new ReusedZlib(
      () => createDeflateRaw({ dictionary: bytes, level: LEVEL }),
      (zlib) => {
        const out = Buffer.alloc(PROBE.length);
        const { written, outputLeft } = zlib.run(PROBE, out);
        return outputLeft > 0 && inflateRawSync(out.subarray(0, written), { dictionary: bytes }).equals(PROBE);
      },
    ),
    inflate: new ReusedZlib(
      () => createInflateRaw({ dictionary: bytes }),
      (zlib) => {
        const out = Buffer.alloc(PROBE.length + 1);
        const packed = deflateRawSync(PROBE, { dictionary: bytes, level: LEVEL });
        const { written, inputLeft, outputLeft } = zlib.run(packed, out);
        return inputLeft === 0 && outputLeft === 1 && out.subarray(0, written).equals(PROBE);
      },
    ),
  };
}
/** Format 1's, and format 2's: the same records with format 2's values emptied (scripts/records/dictionary.ts). */
const dictionary1 = dictionary(Buffer.from(RECORD_DICTIONARY_1, "base64"));
const dictionary2 = dictionary(Buffer.from(RECORD_DICTIONARY_2, "base64"));
let scratch: Buffer | null = null;

function stored(format: number, length: number, payload: Uint8Array, fields?: Uint8Array): Buffer {
  const head = HEADER + (fields?.length ?? 0);
  const out = Buffer.allocUnsafe(head + payload.length);
  out[0] = format;
  out.writeUInt32BE(length, 1);
  if (fields) out.set(fields, HEADER);
  out.set(payload, head);
  return out;
}

/**
 * `text` deflated against `dict`, handed to `store`; null when the stream is not shorter than the
 * text. `reuse`: through the dictionary's reused handle where it works, else one-shot.
 */
function deflated(
  dict: Dictionary,
  text: Buffer,
  reuse: boolean,
  store: (packed: Uint8Array) => Buffer,
): Buffer | null {
  if (!reuse || !dict.deflate.available()) {
    const packed = deflateRawSync(text, { dictionary: dict.bytes, level: LEVEL });
    return packed.length >= text.length ? null : store(packed);
  }
  // Room for exactly text.length bytes: a stream that has not ended inside it is at least as
  // long as the text, and the text is stored as it is (what the one-shot form decides too).
  const output =
    text.length <= SCRATCH_BYTES ? (scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES)) : Buffer.allocUnsafe(text.length);
  const { written, outputLeft } = dict.deflate.run(text, output.subarray(0, text.length));
  return outputLeft === 0 ? null : store(output.subarray(0, written));
}

/**
 * The stored form of a record's JSON text (UTF-8 bytes or a string): format 2 when `columns` (the
 * values its event row holds) let a value be cut, else format 1, or 0 when the text does not compress.
 */
export function encodeRecord(json: Buffer | string, columns?: RecordColumnValues): Buffer {
  return encodeWith(json, columns, true);
}

/**
 * encodeRecord through zlib's one-shot deflateRawSync (a new stream per record): the fallback,
 * and the baseline scripts/bench/record-store.ts measures against. Same bytes as encodeRecord.
 */
export function encodeRecordOneShot(json: Buffer | string, columns?: RecordColumnValues): Buffer {
  return encodeWith(json, columns, false);
}

function encodeWith(json: Buffer | string, columns: RecordColumnValues | undefined, reuse: boolean): Buffer {
  const text = typeof json === "string" ? Buffer.from(json, "utf8") : json;
  const cut = columns ? cutColumnValues(text, columns) : null;
  if (cut) {
    const format2 = deflated(dictionary2, cut.rest, reuse, (packed) =>
      stored(RECORD_FORMAT_WITHOUT_COLUMNS_DICT_2, text.length, packed, cut.fields),
    );
    if (format2) return format2;
  }
  return (
    deflated(dictionary1, text, reuse, (packed) => stored(RECORD_FORMAT_DEFLATE_DICT_1, text.length, packed)) ??
    stored(RECORD_FORMAT_RAW, text.length, text)
  );
}

/**
 * The text without the column values it holds in their canonical JSON form, and the header bytes
 * that say which went where; null when none is there.
 */
function cutColumnValues(text: Buffer, columns: RecordColumnValues): { rest: Buffer; fields: Uint8Array } | null {
  const cuts: { field: number; start: number; end: number }[] = [];
  for (let field = 0; field < COLUMN_FIELDS.length; field++) {
    const value = columns[COLUMN_FIELDS[field]!.column];
    if (!value) continue;
    const prefix = VALUE_PREFIX[field]!;
    const escaped = Buffer.from(JSON.stringify(value).slice(1, -1), "utf8");
    const at = text.indexOf(Buffer.concat([prefix, escaped, QUOTE]));
    if (at >= 0) cuts.push({ field, start: at + prefix.length, end: at + prefix.length + escaped.length });
  }
  if (cuts.length === 0) return null;
  cuts.sort((a, b) => a.start - b.start);
  const pieces: Buffer[] = [];
  const marks: { field: number; at: number }[] = [];
  let from = 0;
  let restLength = 0;
  for (const c of cuts) {
    if (c.start < from) continue; // inside a value already cut (never in valid JSON: defensive)
    pieces.push(text.subarray(from, c.start));
    restLength += c.start - from;
    marks.push({ field: c.field, at: restLength - VALUE_PREFIX[c.field]!.length });
    from = c.end;
  }
  pieces.push(text.subarray(from));
  const rest = Buffer.concat(pieces);
  // Which `"<key>":""` of the rest each cut left: the decoder finds the same one by counting.
  let mask = 0;
  const occurrence: number[] = [];
  for (const { field, at } of marks.sort((a, b) => a.field - b.field)) {
    mask |= 1 << field;
    let n = 0;
    for (let i = rest.indexOf(CUT_MARK[field]!); i !== at; i = rest.indexOf(CUT_MARK[field]!, i + 1)) {
      if (i < 0) throw new Error("record codec: a cut value's mark is not in the rest");
      n++;
    }
    occurrence.push(n);
  }
  if (occurrence.every((n) => n === 0)) return { rest, fields: Uint8Array.of(mask) };
  return { rest, fields: Uint8Array.from([mask | OCCURRENCES_FOLLOW, ...occurrence.flatMap(varint)]) };
}

function varint(n: number): number[] {
  const out: number[] = [];
  for (; n >= 0x80; n = Math.floor(n / 0x80)) out.push((n % 0x80) | 0x80);
  out.push(n);
  return out;
}

/** The length in bytes of the record text a stored form holds (from its header, nothing decoded). */
export function encodedRecordLength(stored: Uint8Array): number {
  if (stored.length < HEADER) throw new Error("stored record is truncated");
  return Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).readUInt32BE(1);
}

/**
 * The record's JSON text, byte for byte as encodeRecord was given it. `columns`: the values of the
 * record's event row, which a format-2 record needs (it throws without them).
 */
export function decodeRecordBytes(stored: Uint8Array, columns?: RecordColumnValues): Buffer {
  return decodeStored(stored, columns, true);
}

/** decodeRecordBytes through zlib's one-shot inflateRawSync: the fallback, and the benchmark's baseline. */
export function decodeRecordBytesOneShot(stored: Uint8Array, columns?: RecordColumnValues): Buffer {
  return decodeStored(stored, columns, false);
}

function decodeStored(stored: Uint8Array, columns: RecordColumnValues | undefined, reuse: boolean): Buffer {
  const buf = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  const length = encodedRecordLength(buf);
  const payload = buf.subarray(HEADER);
  let text: Buffer;
  switch (buf[0]) {
    case RECORD_FORMAT_RAW:
      text = payload;
      break;
    case RECORD_FORMAT_DEFLATE_DICT_1:
      text = inflated(dictionary1, payload, length, reuse);
      break;
    case RECORD_FORMAT_WITHOUT_COLUMNS_DICT_2:
      text = restoreColumnValues(payload, length, columns, reuse);
      break;
    default:
      throw new Error(`unknown stored record format ${buf[0]}`);
  }
  if (text.length !== length) throw new Error(`stored record is corrupt: ${text.length} bytes, header says ${length}`);
  return text;
}

function restoreColumnValues(
  payload: Buffer,
  length: number,
  columns: RecordColumnValues | undefined,
  reuse: boolean,
): Buffer {
  if (!columns) throw new Error("a format-2 stored record cannot be read without its event row's columns");
  if (payload.length < 1) throw new Error("stored record is truncated");
  const mask = payload[0]!;
  let at = 1;
  const values: { field: number; n: number; bytes: Buffer }[] = [];
  let cutLength = 0;
  for (let field = 0; field < COLUMN_FIELDS.length; field++) {
    if ((mask & (1 << field)) === 0) continue;
    let n = 0;
    if (mask & OCCURRENCES_FOLLOW) {
      for (let shift = 1; ; shift *= 0x80) {
        if (at >= payload.length || shift > 2 ** 28) throw new Error("stored record is truncated");
        const byte = payload[at++]!;
        n += (byte & 0x7f) * shift;
        if (byte < 0x80) break;
      }
    }
    const { key, column } = COLUMN_FIELDS[field]!;
    const value = columns[column];
    if (value === null || value === undefined)
      throw new Error(`stored record is corrupt: its ${key} is cut out, and its event row has no ${column}`);
    const bytes = Buffer.from(JSON.stringify(value).slice(1, -1), "utf8");
    values.push({ field, n, bytes });
    cutLength += bytes.length;
  }
  if ((mask & ~OCCURRENCES_FOLLOW) >> COLUMN_FIELDS.length !== 0 || values.length === 0)
    throw new Error(`stored record is corrupt: unknown fields ${mask}`);
  if (cutLength > length) throw new Error("stored record is corrupt: its event row's values are longer than it");
  const rest = inflated(dictionary2, payload.subarray(at), length - cutLength, reuse);
  if (rest.length !== length - cutLength)
    throw new Error(`stored record is corrupt: ${rest.length + cutLength} bytes, header says ${length}`);
  const inserts = values.map(({ field, n, bytes }) => {
    let i = rest.indexOf(CUT_MARK[field]!);
    for (let k = 0; k < n && i >= 0; k++) i = rest.indexOf(CUT_MARK[field]!, i + 1);
    if (i < 0) throw new Error(`stored record is corrupt: no place for its ${COLUMN_FIELDS[field]!.key}`);
    return { at: i + VALUE_PREFIX[field]!.length, bytes };
  });
  inserts.sort((a, b) => a.at - b.at);
  const text = Buffer.allocUnsafe(length);
  let from = 0;
  let to = 0;
  for (const { at, bytes } of inserts) {
    to += rest.copy(text, to, from, at);
    to += bytes.copy(text, to);
    from = at;
  }
  rest.copy(text, to, from);
  return text;
}

/** `payload` inflated against `dict`; the header's `length` bounds it (a corrupt payload cannot inflate past it). */
function inflated(dict: Dictionary, payload: Buffer, length: number, reuse: boolean): Buffer {
  if (!reuse || !dict.inflate.available())
    return inflateRawSync(payload, { dictionary: dict.bytes, maxOutputLength: Math.max(length, 1) });
  // One byte more than the header claims: a stream that fills it is longer than it says.
  const out = Buffer.allocUnsafe(length + 1);
  const { written, inputLeft, outputLeft } = dict.inflate.run(payload, out);
  if (outputLeft === 0) throw new Error(`stored record is corrupt: more than the ${length} bytes its header says`);
  if (inputLeft !== 0) throw new Error("stored record is corrupt: bytes after the end of its deflate stream");
  return out.subarray(0, written);
}

/** The record's JSON text as a string (`columns`: as for decodeRecordBytes). */
export function decodeRecordText(stored: Uint8Array, columns?: RecordColumnValues): string {
  return decodeRecordBytes(stored, columns).toString("utf8");
}

/** The record, parsed (`columns`: as for decodeRecordBytes). */
export function decodeRecord(stored: Uint8Array, columns?: RecordColumnValues): unknown {
  return JSON.parse(decodeRecordText(stored, columns));
}
