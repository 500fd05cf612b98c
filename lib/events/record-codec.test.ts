import { randomBytes } from "node:crypto";
import { inflateRawSync } from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { generateElastiCacheRecords } from "@/tools/corpus";
import {
  decodeRecord,
  decodeRecordBytes,
  decodeRecordBytesOneShot,
  decodeRecordText,
  encodedRecordLength,
  encodeRecord,
  encodeRecordOneShot,
  RECORD_FORMAT_DEFLATE_DICT_1,
  RECORD_FORMAT_RAW,
} from "./record-codec";
import { RECORD_DICTIONARY_1 } from "./record-dictionary-1";

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

  it("reads a format 1 row written before the zlib handle was reused (session 14's encoder), and a format 0 row", () => {
    // Written by main's encodeRecord of 2026-12-05 (one deflateRawSync per record): rows hold these bytes.
    const text =
      '{"eventVersion":"1.08","eventSource":"elasticache.amazonaws.com","eventName":"CreateCacheCluster",' +
      '"awsRegion":"us-west-2","requestParameters":{"cacheClusterId":"test-memcached","engine":"memcached","numCacheNodes":2}}';
    const format1 = Buffer.from("AQAAANnDNUBKyY5aIleoEZc6S0DKMWep0Kau0OZxjGprAQ==", "base64");
    expect(format1[0]).toBe(RECORD_FORMAT_DEFLATE_DICT_1);
    expect(decodeRecordText(format1)).toBe(text);
    expect(decodeRecordBytesOneShot(format1).toString()).toBe(text);
    const format0 = Buffer.concat([Buffer.from([0, 0, 0, 0, 2]), Buffer.from("{}")]);
    expect(decodeRecordText(format0)).toBe("{}");
    expect(decodeRecordBytesOneShot(format0).toString()).toBe("{}");
  });

  it("writes the one-shot deflate's stream (give or take a match choice), and each path reads the other's rows", () => {
    const dictionary = Buffer.from(RECORD_DICTIONARY_1, "base64");
    const texts = [
      ...generateElastiCacheRecords(200, 31).map((r) => Buffer.from(JSON.stringify(r))),
      ...Array.from({ length: 40 }, (_, n) => Buffer.from('{"a":1}'.repeat(n).slice(0, n))),
      randomBytes(3),
      randomBytes(70_000),
      Buffer.from("y".repeat(200_000)),
    ];
    let same = 0;
    let reusedBytes = 0;
    let oneShotBytes = 0;
    for (const text of texts) {
      const reused = encodeRecord(text);
      const oneShot = encodeRecordOneShot(text);
      // zlib's reset leaves the previous record's bytes past the end of the window, which can
      // steer a match choice: the streams then differ by a byte or two and inflate to the same text.
      if (reused.equals(oneShot)) same++;
      expect(reused[0]).toBe(oneShot[0]);
      reusedBytes += reused.length;
      oneShotBytes += oneShot.length;
      if (reused[0] === RECORD_FORMAT_DEFLATE_DICT_1)
        expect(inflateRawSync(reused.subarray(5), { dictionary }).equals(text)).toBe(true);
      expect(decodeRecordBytes(oneShot).equals(text)).toBe(true);
      expect(decodeRecordBytesOneShot(reused).equals(text)).toBe(true);
    }
    expect(same).toBeGreaterThan(texts.length * 0.95);
    expect(Math.abs(reusedBytes - oneShotBytes)).toBeLessThan(oneShotBytes * 0.001);
  });

  it("keeps working after zlib refused a corrupt row", () => {
    const text = JSON.stringify(generateElastiCacheRecords(1, 8)[0]);
    const encoded = encodeRecord(text);
    const garbled = Buffer.from(encoded);
    for (let i = 5; i < garbled.length; i++) garbled[i] = 0xff;
    expect(() => decodeRecordBytes(garbled)).toThrow();
    expect(() => decodeRecordBytesOneShot(garbled)).toThrow();
    const trailing = Buffer.concat([encoded, Buffer.from([0x00])]);
    expect(() => decodeRecordBytes(trailing)).toThrow("bytes after the end of its deflate stream");
    expect(decodeRecordText(encoded)).toBe(text);
    expect(encodeRecord(text).equals(encoded)).toBe(true);
  });

  it("falls back to one-shot zlib where Node's zlib stream does not expose its binding", async () => {
    vi.resetModules();
    const oneShotCalls = { deflate: 0, inflate: 0 };
    vi.doMock("node:zlib", async (importOriginal) => {
      const zlib = await importOriginal<typeof import("node:zlib")>();
      return {
        ...zlib,
        createDeflateRaw: () => ({}),
        createInflateRaw: () => ({}),
        deflateRawSync: (...args: Parameters<typeof zlib.deflateRawSync>) => {
          oneShotCalls.deflate++;
          return zlib.deflateRawSync(...args);
        },
        inflateRawSync: (...args: Parameters<typeof zlib.inflateRawSync>) => {
          oneShotCalls.inflate++;
          return zlib.inflateRawSync(...args);
        },
      };
    });
    try {
      const fallback = await import("./record-codec");
      const text = JSON.stringify(generateElastiCacheRecords(1, 12)[0]);
      const encoded = fallback.encodeRecord(text);
      expect(encoded.equals(encodeRecordOneShot(text))).toBe(true);
      expect(fallback.decodeRecordText(encoded)).toBe(text);
      expect(fallback.decodeRecordText(encodeRecord(text))).toBe(text);
      expect(oneShotCalls).toEqual({ deflate: 1, inflate: 2 });
    } finally {
      vi.doUnmock("node:zlib");
      vi.resetModules();
    }
  });
  it("does not trust a handle whose internals no longer mean what they did: its round trip is checked first", async () => {
    vi.resetModules();
    // A binding with the expected shape that reports success but writes nothing useful.
    const lying = () => {
      const state = new Uint32Array(2);
      return {
        _writeState: state,
        _handle: {
          writeSync: (
            _f: number,
            _i: Uint8Array,
            _io: number,
            _il: number,
            _o: Uint8Array,
            _oo: number,
            ol: number,
          ) => {
            state[0] = ol - 3;
            state[1] = 0;
          },
          reset: () => {},
          close: () => {},
          onerror: () => {},
        },
      };
    };
    vi.doMock("node:zlib", async (importOriginal) => ({
      ...(await importOriginal<typeof import("node:zlib")>()),
      createDeflateRaw: lying,
      createInflateRaw: lying,
    }));
    try {
      const guarded = await import("./record-codec");
      const text = JSON.stringify(generateElastiCacheRecords(1, 13)[0]);
      const encoded = guarded.encodeRecord(text);
      expect(encoded.equals(encodeRecordOneShot(text))).toBe(true);
      expect(guarded.decodeRecordText(encoded)).toBe(text);
    } finally {
      vi.doUnmock("node:zlib");
      vi.resetModules();
    }
  });
});
