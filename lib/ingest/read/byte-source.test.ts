import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { chunked, collect, record, type Collected } from "@/tests/fixtures/read/collect";
import { decompressedChunks, DEFAULT_COALESCE_BYTES, type ByteCounts } from "./byte-source";

const KiB = 1024;

async function pieces(input: AsyncIterable<Uint8Array>, options: { maxDecompressedBytes?: number } = {}) {
  const counts: ByteCounts = { compressedBytes: 0, decompressedBytes: 0 };
  const out: Buffer[] = [];
  let error: Error | undefined;
  try {
    const source = decompressedChunks(
      input,
      { maxDecompressedBytes: options.maxDecompressedBytes ?? 1 << 30, signal: undefined },
      counts,
    );
    for await (const piece of source) out.push(piece);
  } catch (e) {
    error = e as Error;
  }
  return { out, counts, error };
}

/** About `bytes` of CloudTrail log, mostly other services' records, an ElastiCache one every 20. */
function trail(bytes: number): { text: string; count: number } {
  const records: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const source = i % 20 === 7 ? "elasticache.amazonaws.com" : "s3.amazonaws.com";
    const r = JSON.stringify(record(source, "CreateCacheCluster", { i, pad: "p".repeat(i % 900) }));
    records.push(r);
    length += r.length + 1;
  }
  return { text: `{"Records":[${records.join(",")}]}`, count: records.length };
}

describe("decompressedChunks on uncompressed input", () => {
  it("joins small chunks into pieces of at least 256 KiB, byte for byte, and hands out the rest at the end", async () => {
    const bytes = Buffer.from(trail(1100 * KiB).text);
    const { out, counts } = await pieces(chunked(bytes, 16 * KiB));
    expect(Buffer.concat(out).equals(bytes)).toBe(true);
    expect(out.slice(0, -1).every((p) => p.length >= DEFAULT_COALESCE_BYTES)).toBe(true);
    expect(out.slice(0, -1).every((p) => p.length < DEFAULT_COALESCE_BYTES + 16 * KiB)).toBe(true);
    expect(out.length).toBe(Math.ceil(bytes.length / DEFAULT_COALESCE_BYTES));
    expect(counts).toEqual({ compressedBytes: bytes.length, decompressedBytes: bytes.length });
  });

  it("passes chunks of 256 KiB or more through as they are, without copying", async () => {
    const bytes = Buffer.from(trail(600 * KiB).text);
    const input = [
      ...(function* () {
        for (let at = 0; at < bytes.length; at += 300 * KiB) yield bytes.subarray(at, at + 300 * KiB);
      })(),
    ];
    const { out } = await pieces(
      (async function* () {
        yield* input;
      })(),
    );
    expect(out.length).toBe(input.length);
    // Same memory, not a copy.
    out.forEach((piece, i) =>
      expect([piece.buffer === input[i]!.buffer, piece.byteOffset]).toEqual([true, input[i]!.byteOffset]),
    );
  });

  it("hands out the bytes before the chunk that crosses the size limit, then fails", async () => {
    const bytes = Buffer.from(trail(200 * KiB).text);
    const { out, error } = await pieces(chunked(bytes, 10 * KiB), { maxDecompressedBytes: 105 * KiB });
    expect(error?.message).toBe("the file exceeds the 105 KiB limit");
    expect(Buffer.concat(out).equals(bytes.subarray(0, 100 * KiB))).toBe(true);
  });

  it("hands out the bytes it holds when the input fails, then fails", async () => {
    const bytes = Buffer.from(trail(50 * KiB).text);
    async function* broken() {
      yield* chunked(bytes, 8 * KiB);
      throw new Error("the connection was lost");
    }
    const { out, error } = await pieces(broken());
    expect(error?.message).toBe("the connection was lost");
    expect(Buffer.concat(out).equals(bytes)).toBe(true);
  });
});

/** What the reader reports, without how its counts of skipped records were batched (per chunk). */
function reported(c: Collected) {
  return {
    items: c.items.filter((item) => item.type !== "skipped" && item.type !== "progress"),
    skipped: c.skipped,
    error: c.error && {
      message: c.error.message,
      code: c.error.code,
      byteOffset: c.error.byteOffset,
      line: c.error.line,
    },
  };
}

describe("readCloudTrail with coalesced chunks", () => {
  // What the reader reports must not depend on how the bytes arrived: the suites of
  // read-cloudtrail.*.test.ts compare positions, and the upload's chunks are not the CLI's.
  const { text, count } = trail(700 * KiB);
  const damaged = text.replace('"i":27,', '"i":27,,').replace(/,"i":\d+,[^,]*$/, ',"x":}'); // a bad record, and the last one cut short

  it.each([997, 7 * KiB, 16 * KiB, 64 * KiB])(
    "reports the same items and errors as the chunks as they come (%i bytes)",
    async (size) => {
      for (const input of [text, damaged]) {
        const bytes = Buffer.from(input);
        const asTheyCome = await collect(chunked(bytes, size), { coalesceBytes: 0 });
        const joined = await collect(chunked(bytes, size));
        expect(reported(joined)).toEqual(reported(asTheyCome));
      }
      const broken = await collect(chunked(Buffer.from(damaged), size));
      expect([broken.rejected.length, broken.error?.byteOffset]).toEqual([1, Buffer.byteLength(damaged)]);
      const whole = await collect(chunked(Buffer.from(text), size));
      expect(whole.error).toBeUndefined();
      expect(whole.skipped + whole.records.length).toBe(count);
    },
    30_000,
  );

  it("leaves gzip input to gunzip's own pieces", async () => {
    const bytes = gzipSync(text);
    const { out } = await pieces(chunked(bytes, 4 * KiB));
    expect(Buffer.concat(out).toString()).toBe(text);
  });
});
