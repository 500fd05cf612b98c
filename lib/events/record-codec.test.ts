import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
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
  RECORD_FORMAT_WITHOUT_COLUMNS_DICT_2,
  recordTimeText,
  type RecordColumnValues,
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

/** The columns the store writes for a record: its own values, as normalise.ts reads them. */
function columnsOf(record: Record<string, unknown>): RecordColumnValues {
  const s = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
  const identity = record.userIdentity as { accessKeyId?: unknown } | undefined;
  return {
    eventId: s(record.eventID),
    eventTime: typeof record.eventTime === "string" ? recordTimeText(new Date(record.eventTime)) : null,
    sourceIp: s(record.sourceIPAddress),
    userAgent: s(record.userAgent),
    requestId: s(record.requestID),
    accessKeyId: s(identity?.accessKeyId),
  };
}

const NO_COLUMNS: RecordColumnValues = {
  eventId: null,
  eventTime: null,
  sourceIp: null,
  userAgent: null,
  requestId: null,
  accessKeyId: null,
};

describe("record codec, format 2 (without the values the event row holds)", () => {
  it("gives back every generated record byte for byte from the rest and the row's values, in fewer bytes", () => {
    const records = generateElastiCacheRecords(300, 77) as Record<string, unknown>[];
    let format1 = 0;
    let format2 = 0;
    for (const record of records) {
      const bytes = Buffer.from(JSON.stringify(record));
      const columns = columnsOf(record);
      const encoded = encodeRecord(bytes, columns);
      expect(encoded[0]).toBe(RECORD_FORMAT_WITHOUT_COLUMNS_DICT_2);
      expect(encodedRecordLength(encoded)).toBe(bytes.length);
      expect(decodeRecordBytes(encoded, columns).equals(bytes)).toBe(true);
      expect(decodeRecordBytesOneShot(encoded, columns).equals(bytes)).toBe(true);
      expect(decodeRecordBytes(encodeRecordOneShot(bytes, columns), columns).equals(bytes)).toBe(true);
      format1 += encodeRecord(bytes).length;
      format2 += encoded.length;
    }
    // The ids, agent, key, address and time are the record's least compressible bytes.
    expect(format2).toBeLessThan(format1 * 0.8);
  });

  it("gives back the ElastiCache guide's records (spaced JSON) byte for byte", () => {
    for (const name of ["create-cache-cluster.json", "describe-cache-clusters.json", "modify-cache-cluster.json"]) {
      const bytes = readFileSync(path.resolve("tests/fixtures/seed", name));
      const columns = columnsOf(JSON.parse(bytes.toString()) as Record<string, unknown>);
      const encoded = encodeRecord(bytes, columns);
      expect(encoded[0]).toBe(RECORD_FORMAT_WITHOUT_COLUMNS_DICT_2);
      expect(decodeRecordBytes(encoded, columns).equals(bytes)).toBe(true);
    }
  });

  const id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
  const cases: { name: string; text: string; columns: Partial<RecordColumnValues>; cut: boolean }[] = [
    { name: "the plain case", text: `{"eventID":"${id}","x":1}`, columns: { eventId: id }, cut: true },
    { name: "spaced", text: `{"eventID": "${id}"}`, columns: { eventId: id }, cut: false },
    { name: "escaped otherwise", text: '{"eventID":"\\u0061bc"}', columns: { eventId: "abc" }, cut: false },
    { name: "not the column's", text: `{"eventID":"${id}"}`, columns: { eventId: id.toUpperCase() }, cut: false },
    { name: "the column a prefix", text: '{"eventID":"abcdef"}', columns: { eventId: "abc" }, cut: false },
    { name: "missing", text: '{"eventName":"X"}', columns: { eventId: id, userAgent: "aws-cli" }, cut: false },
    { name: "inside a string", text: '{"x":"\\"eventID\\":\\"abc\\""}', columns: { eventId: "abc" }, cut: false },
    { name: "the key twice", text: '{"eventID":"abc","eventID":"abc"}', columns: { eventId: "abc" }, cut: true },
    { name: "nested", text: '{"a":{"b":[{"userAgent":"ua/1"}]}}', columns: { userAgent: "ua/1" }, cut: true },
    {
      name: "after an empty value of the same key",
      text: '{"requestID":"","r":{"requestID":"","requestID":"rq-1"},"requestID":""}',
      columns: { requestId: "rq-1" },
      cut: true,
    },
    {
      name: "quotes, backslashes, controls and non-ASCII in the value",
      text: `{"userAgent":${JSON.stringify('a "quoted" \\ path\n\t日本語 🧪 \u2028')},"sourceIPAddress":"::1"}`,
      columns: { userAgent: 'a "quoted" \\ path\n\t日本語 🧪 \u2028', sourceIp: "::1" },
      cut: true,
    },
    {
      name: "one value inside another",
      text: `{"userAgent":"agent ${id}","eventID":"${id}","requestID":"${id}"}`,
      columns: { eventId: id, requestId: id, userAgent: `agent ${id}` },
      cut: true,
    },
    {
      name: "every field, in another order",
      text:
        '{"accessKeyId":"AKIA1","requestID":"r","userAgent":"u","sourceIPAddress":"1.2.3.4",' +
        '"eventTime":"2025-01-02T03:04:05Z","eventID":"e"}',
      columns: {
        eventId: "e",
        eventTime: "2025-01-02T03:04:05Z",
        sourceIp: "1.2.3.4",
        userAgent: "u",
        requestId: "r",
        accessKeyId: "AKIA1",
      },
      cut: true,
    },
    { name: "not JSON", text: '"eventID":"abc" "eventID":""', columns: { eventId: "abc" }, cut: true },
  ];
  it.each(cases)("gives back the text byte for byte: $name", ({ text, columns, cut }) => {
    const all = { ...NO_COLUMNS, ...columns };
    const encoded = encodeRecord(text, all);
    expect(encoded[0]).toBe(cut ? RECORD_FORMAT_WITHOUT_COLUMNS_DICT_2 : RECORD_FORMAT_DEFLATE_DICT_1);
    expect(decodeRecordText(encoded, all)).toBe(text);
    expect(decodeRecordBytesOneShot(encoded, all).toString()).toBe(text);
  });

  it("cuts each value where its key's first canonical pair is, and finds it again by counting", () => {
    const text = '{"requestID":"","r":{"requestID":"","requestID":"rq-1"},"requestID":""}';
    const encoded = encodeRecord(text, { ...NO_COLUMNS, requestId: "rq-1" });
    // Bit 4 (requestID), bit 7 (occurrences follow), then 2: the third `"requestID":""` of the rest.
    expect([...encoded.subarray(5, 7)]).toEqual([0x80 | (1 << 4), 2]);
    expect(decodeRecordText(encoded, { ...NO_COLUMNS, requestId: "rq-1" })).toBe(text);
  });

  it("reads a format-2 row as session 20 wrote it: dictionary 2 and the header's layout never change", () => {
    const text =
      '{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","accessKeyId":"AKIAIOSFODNN7EXAMPLE"},' +
      '"eventTime":"2025-01-02T03:04:05Z","eventSource":"elasticache.amazonaws.com","eventName":"CreateCacheCluster",' +
      '"sourceIPAddress":"192.0.2.1","userAgent":"aws-cli/2.15.0","requestID":"4ed2a2b0-5d0f-4c1e-9a9a-0b1c2d3e4f50",' +
      '"eventID":"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}';
    const columns: RecordColumnValues = {
      eventId: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
      eventTime: "2025-01-02T03:04:05Z",
      sourceIp: "192.0.2.1",
      userAgent: "aws-cli/2.15.0",
      requestId: "4ed2a2b0-5d0f-4c1e-9a9a-0b1c2d3e4f50",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
    };
    const format2 = Buffer.from("AgAAAWs/I3GkBpG30bIZdXcKoc1ckJBGsaSbWgA=", "base64");
    expect(format2[0]).toBe(RECORD_FORMAT_WITHOUT_COLUMNS_DICT_2);
    expect(decodeRecordText(format2, columns)).toBe(text);
    expect(decodeRecordBytesOneShot(format2, columns).toString()).toBe(text);
  });

  it("refuses a format-2 record without its row's values, or with values that are not its row's", () => {
    const record = generateElastiCacheRecords(1, 21)[0] as Record<string, unknown>;
    const text = JSON.stringify(record);
    const columns = columnsOf(record);
    const encoded = encodeRecord(text, columns);
    expect(() => decodeRecordBytes(encoded)).toThrow("cannot be read without its event row's columns");
    expect(() => decodeRecordBytesOneShot(encoded)).toThrow("cannot be read without its event row's columns");
    expect(() => decodeRecordBytes(encoded, { ...columns, eventId: null })).toThrow("its event row has no eventId");
    expect(() => decodeRecordBytes(encoded, { ...columns, userAgent: `${columns.userAgent}!` })).toThrow(
      "stored record is corrupt",
    );
    expect(decodeRecordText(encoded, columns)).toBe(text);
  });

  it("still reads format 0 and 1 rows, with or without the row's values", () => {
    const text = JSON.stringify(generateElastiCacheRecords(1, 22)[0]);
    const format1 = encodeRecord(text);
    expect(format1[0]).toBe(RECORD_FORMAT_DEFLATE_DICT_1);
    expect(decodeRecordText(format1)).toBe(text);
    expect(decodeRecordText(format1, columnsOf(JSON.parse(text) as Record<string, unknown>))).toBe(text);
    const noise = randomBytes(2048);
    const format0 = encodeRecord(noise, { ...NO_COLUMNS, eventId: "x" });
    expect(format0[0]).toBe(RECORD_FORMAT_RAW);
    expect(decodeRecordBytes(format0, NO_COLUMNS).equals(noise)).toBe(true);
  });

  it("compares eventTime only in CloudTrail's form, which recordColumns's to_char writes", () => {
    expect(recordTimeText(new Date("2014-12-01T22:00:35Z"))).toBe("2014-12-01T22:00:35Z");
    expect(recordTimeText(new Date("2014-12-01T22:00:35.250Z"))).toBeNull();
    expect(recordTimeText(new Date("1969-12-31T23:59:59Z"))).toBeNull();
    expect(recordTimeText(new Date(Number.NaN))).toBeNull();
    // A record whose text writes the time otherwise keeps it.
    const text = '{"eventTime":"2014-12-01T22:00:35+00:00"}';
    const columns = { ...NO_COLUMNS, eventTime: recordTimeText(new Date("2014-12-01T22:00:35+00:00")) };
    expect(encodeRecord(text, columns)[0]).toBe(RECORD_FORMAT_DEFLATE_DICT_1);
  });
});
