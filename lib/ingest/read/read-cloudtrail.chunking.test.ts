import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { Rng } from "@/tools/corpus/prng";
import { chunked, collect, record } from "@/tests/fixtures/read/collect";
import { isElastiCacheRecord } from "@/lib/cloudtrail/normalise";

const PIECES = ["\\", '"', "{", "}", "[", "]", ",", ":", "\\u0041", "é", "🚀", "\n", "eventSource", "elasticache", " "];

function trickyRecords(next: () => number, count: number): Array<Record<string, unknown>> {
  const text = () =>
    Array.from({ length: Math.floor(next() * 12) }, () => PIECES[Math.floor(next() * PIECES.length)]).join("");
  const sources = ["elasticache.amazonaws.com", "s3.amazonaws.com", "", "iam.amazonaws.com"];
  const names = ["CreateUser", "PutObject", "DescribeCacheClusters"];
  return Array.from({ length: count }, (_, i) =>
    record(sources[Math.floor(next() * 4)]!, names[Math.floor(next() * 3)]!, {
      i,
      [text()]: text(),
      requestParameters: { [text()]: [text(), { [text()]: text() }], nested: { eventSource: text() } },
    }),
  );
}

/** The bytes in chunks of random sizes (1 to 40). */
async function* randomChunks(bytes: Buffer, next: () => number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length;) {
    const size = 1 + Math.floor(next() * 40);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

describe("readCloudTrail across random chunk boundaries", () => {
  it.each([1, 2, 3, 4, 5, 6])("matches JSON.parse of everything (seed %i)", async (seed) => {
    const rng = new Rng(seed); // seeded: a failure can be replayed
    const next = () => rng.float();
    const records = trickyRecords(next, 60);
    const expected = records.filter((r) => isElastiCacheRecord(r));
    const layouts = [
      JSON.stringify({ Records: records }),
      JSON.stringify({ Records: records }, null, seed % 3),
      records.map((r) => JSON.stringify(r)).join("\n"),
      JSON.stringify(records, null, 1),
    ];
    for (const text of layouts) {
      for (const bytes of [Buffer.from(text), gzipSync(text)]) {
        const out = await collect(randomChunks(bytes, next));
        expect(out.error).toBeUndefined();
        expect(out.rejected).toEqual([]);
        expect(out.records).toEqual(expected);
        expect(out.skipped).toBe(records.length - expected.length);
      }
    }
  });
});

describe("readCloudTrail with the input's size known", () => {
  // A small file's gunzip output comes in pieces sized to the file (byte-source.ts): the records,
  // their positions and the counts are the same as with the default pieces, and a size that is
  // wrong (the file grew, or a Content-Length lied) only changes the pieces.
  it.each([
    ["1 byte", 1],
    ["30,000 bytes", 30_000],
    ["its real size", null],
  ] as const)("reads what it reads without it (size given: %s)", async (_, size) => {
    const rng = new Rng(7);
    const next = () => rng.float();
    const records = trickyRecords(next, 4000);
    const text = JSON.stringify({ Records: records });
    const bytes = gzipSync(text);
    expect(text.length).toBeGreaterThan(16 * 64 * 1024); // many pieces of the smallest size
    const hinted = await collect(chunked(bytes), { inputBytes: size ?? bytes.length });
    const plain = await collect(chunked(bytes));
    expect(hinted.error).toBeUndefined();
    expect(hinted.records.length).toBeGreaterThan(0);
    expect(hinted.records).toEqual(plain.records);
    expect(hinted.positions).toEqual(plain.positions);
    expect(hinted.skipped).toBe(plain.skipped);
  });
});
