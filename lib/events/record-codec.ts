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

import { deflateRawSync, inflateRawSync } from "node:zlib";
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

/** The stored form of a record's JSON text (UTF-8 bytes or a string). */
export function encodeRecord(json: Buffer | string): Buffer {
  const text = typeof json === "string" ? Buffer.from(json, "utf8") : json;
  const packed = deflateRawSync(text, { dictionary: dictionary1, level: LEVEL });
  const raw = packed.length >= text.length;
  const out = Buffer.allocUnsafe(HEADER + (raw ? text.length : packed.length));
  out[0] = raw ? RECORD_FORMAT_RAW : RECORD_FORMAT_DEFLATE_DICT_1;
  out.writeUInt32BE(text.length, 1);
  (raw ? text : packed).copy(out, HEADER);
  return out;
}

/** The length in bytes of the record text a stored form holds (from its header, nothing decoded). */
export function encodedRecordLength(stored: Uint8Array): number {
  if (stored.length < HEADER) throw new Error("stored record is truncated");
  return Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).readUInt32BE(1);
}

/** The record's JSON text, byte for byte as encodeRecord was given it. */
export function decodeRecordBytes(stored: Uint8Array): Buffer {
  const buf = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  const length = encodedRecordLength(buf);
  const payload = buf.subarray(HEADER);
  let text: Buffer;
  switch (buf[0]) {
    case RECORD_FORMAT_RAW:
      text = payload;
      break;
    case RECORD_FORMAT_DEFLATE_DICT_1:
      // The header bounds the output: a corrupt payload cannot inflate past the length it claims.
      text = inflateRawSync(payload, {
        dictionary: dictionary1,
        maxOutputLength: Math.max(length, 1),
      });
      break;
    default:
      throw new Error(`unknown stored record format ${buf[0]}`);
  }
  if (text.length !== length) throw new Error(`stored record is corrupt: ${text.length} bytes, header says ${length}`);
  return text;
}

/** The record's JSON text as a string. */
export function decodeRecordText(stored: Uint8Array): string {
  return decodeRecordBytes(stored).toString("utf8");
}

/** The record, parsed. */
export function decodeRecord(stored: Uint8Array): unknown {
  return JSON.parse(decodeRecordText(stored));
}
