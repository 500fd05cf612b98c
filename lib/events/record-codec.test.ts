import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateElastiCacheRecords } from "@/tools/corpus";
import {
  decodeRecord,
  decodeRecordBytes,
  decodeRecordText,
  encodedRecordLength,
  encodeRecord,
  RECORD_FORMAT_DEFLATE_DICT_1,
  RECORD_FORMAT_RAW,
} from "./record-codec";

const roundTrip = (bytes: Buffer) => decodeRecordBytes(encodeRecord(bytes));

describe("record codec", () => {
  it("gives back every generated record byte for byte, in far fewer bytes", () => {
    const records = generateElastiCacheRecords(300, 99).map((r) => Buffer.from(JSON.stringify(r)));
    let stored = 0;
    let text = 0;
    for (const bytes of records) {
      const encoded = encodeRecord(bytes);
      expect(encoded[0]).toBe(RECORD_FORMAT_DEFLATE_DICT_1);
      expect(encodedRecordLength(encoded)).toBe(bytes.length);
      expect(decodeRecordBytes(encoded).equals(bytes)).toBe(true);
      stored += encoded.length;
      text += bytes.length;
    }
    // The dictionary's whole point: records of another seed than the one it was built from shrink several-fold.
    expect(stored / text).toBeLessThan(0.35);
  });

  it("keeps the text as read: spacing, key order, escapes, duplicate keys and numbers JSON.parse would change", () => {
    const texts = [
      '{ "eventID" : "a",\n\t"numCacheNodes":1e131072, "x": 1.50, "y": -0.0, "z": 12345678901234567890123 }',
      '{"a":"\\u0000\\ud800 lone","a":"dup","__proto__":{"polluted":true},"constructor":1}',
      '{"emoji":"🧪 ünïcödé 日本語","rtl":"\u202e","bom":"\ufeff"}',
      "{}",
      "",
    ];
    for (const t of texts) {
      expect(decodeRecordText(encodeRecord(t))).toBe(t);
      expect(roundTrip(Buffer.from(t)).equals(Buffer.from(t))).toBe(true);
    }
    expect(decodeRecord(encodeRecord('{"__proto__":{"polluted":true}}'))).toEqual(
      JSON.parse('{"__proto__":{"polluted":true}}'),
    );
  });

  it("stores bytes that do not compress as they are, and invalid UTF-8 unchanged", () => {
    const noise = randomBytes(4096);
    const encoded = encodeRecord(noise);
    expect(encoded[0]).toBe(RECORD_FORMAT_RAW);
    expect(encoded.length).toBe(noise.length + 5);
    expect(decodeRecordBytes(encoded).equals(noise)).toBe(true);
    const invalid = Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x7d]);
    expect(roundTrip(invalid).equals(invalid)).toBe(true);
  });

  it("round-trips a huge record (4 MiB) and a deeply nested one", () => {
    const huge = Buffer.from(
      JSON.stringify({ blob: "x".repeat(2 * 1024 * 1024), more: randomBytes(1 << 20).toString("hex") }),
    );
    expect(roundTrip(huge).equals(huge)).toBe(true);
    const deep = Buffer.from("[".repeat(100_000) + "]".repeat(100_000));
    expect(roundTrip(deep).equals(deep)).toBe(true);
  });

  it("refuses a corrupt or unknown stored form instead of returning other bytes", () => {
    const encoded = encodeRecord(JSON.stringify(generateElastiCacheRecords(1, 5)[0]));
    const unknown = Buffer.from(encoded);
    unknown[0] = 9;
    expect(() => decodeRecordBytes(unknown)).toThrow("unknown stored record format 9");
    const lying = Buffer.from(encoded);
    lying.writeUInt32BE(encodedRecordLength(encoded) - 1, 1);
    expect(() => decodeRecordBytes(lying)).toThrow();
    const longer = Buffer.from(encoded);
    longer.writeUInt32BE(encodedRecordLength(encoded) + 1, 1);
    expect(() => decodeRecordBytes(longer)).toThrow("stored record is corrupt");
    expect(() => decodeRecordBytes(encoded.subarray(0, encoded.length - 3))).toThrow();
    expect(() => decodeRecordBytes(Buffer.from([1, 0]))).toThrow("stored record is truncated");
  });

  it("reads a stored form from any Uint8Array view (as the database driver returns it)", () => {
    const encoded = encodeRecord('{"eventName":"CreateCacheCluster"}');
    const padded = new Uint8Array(encoded.length + 7);
    padded.set(encoded, 3);
    expect(decodeRecordText(padded.subarray(3, 3 + encoded.length))).toBe('{"eventName":"CreateCacheCluster"}');
  });
});
