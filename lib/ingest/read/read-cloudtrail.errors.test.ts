import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { chunked, collect, collectText, record, seedTexts } from "@/tests/fixtures/read/collect";
import { ReadError } from "./read-cloudtrail";

const seeds = seedTexts();
const ec = (i: number) => JSON.stringify(record("elasticache.amazonaws.com", "CreateCacheCluster", { i }));
const s3 = (i: number) => JSON.stringify(record("s3.amazonaws.com", "GetObject", { i }));

describe("readCloudTrail fatal errors", () => {
  it("reports a truncated gzip stream, after yielding the records before the cut", async () => {
    const text = `{"Records":[${Array.from({ length: 3000 }, (_, i) => ec(i)).join(",")}]}`;
    const gz = gzipSync(text);
    const cut = gz.subarray(0, Math.floor(gz.length / 2));
    const out = await collectText(cut, undefined, 1000);
    expect(out.error).toBeInstanceOf(ReadError);
    expect(out.error?.code).toBe("truncated-gzip");
    expect(out.error?.message).toBe(
      `the gzip stream is truncated (unexpected end of file after ${cut.length.toLocaleString("en-US")} compressed bytes)`,
    );
    expect(out.records.length).toBeGreaterThan(100);
    expect(out.records.map((r) => r.i)).toEqual(out.records.map((_, i) => i));
  });

  it("reports damaged gzip data", async () => {
    const gz = Buffer.from(gzipSync(seeds[0]!));
    gz.fill(0xff, 12, 30);
    const out = await collectText(gz);
    expect(out.error?.code).toBe("gzip-error");
    expect(out.error?.message).toMatch(/^the gzip data is damaged \(.+ after [\d,]+ compressed bytes\)$/);
  });

  it("reports truncated JSON with the byte offset and line", async () => {
    const text = `{"Records":[\n${ec(0)},\n${ec(1).slice(0, 40)}`;
    const out = await collectText(gzipSync(text));
    expect(out.error?.code).toBe("syntax-error");
    expect(out.error?.message).toBe(
      `unexpected end of JSON at line 3, byte ${Buffer.byteLength(text)} — the file looks truncated`,
    );
    expect(out.error?.byteOffset).toBe(Buffer.byteLength(text));
    expect(out.error?.line).toBe(3);
    expect(out.records.map((r) => r.i)).toEqual([0]);
    expect(out.formats.map((f) => f.format)).toEqual(["cloudtrail-log"]);
  });

  it("words large offsets with separators", async () => {
    const text = `[${Array.from({ length: 40 }, (_, i) => s3(i)).join(",")},{"a":`;
    const out = await collectText(text);
    expect(out.error?.message).toBe(
      `unexpected end of JSON at line 1, byte ${Buffer.byteLength(text).toLocaleString("en-US")} — the file looks truncated`,
    );
    expect(out.skipped).toBe(40);
  });

  it.each([
    [
      "a zip file",
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]),
      'not JSON: the file starts with "PK\\x03\\x04\\x14\\x00\\x00\\x00" (binary data)',
    ],
    [
      "an HTML page",
      "<!DOCTYPE html><html><body>Access denied</body></html>",
      'not JSON: the file starts with "<!DOCTYPE html><" (HTML or XML?)',
    ],
    ["CSV", "eventtime,eventsource\n2024,s3", 'not JSON: the file starts with "eventtime,events"'],
    ["gzipped HTML", gzipSync("<html>"), 'not JSON: the file starts with "<html>" (HTML or XML?)'],
  ])("says %s is not JSON", async (_label, input, message) => {
    const out = await collectText(input);
    expect(out.error?.code).toBe("not-json");
    expect(out.error?.message).toBe(message);
    expect(out.formats).toEqual([]);
  });

  it.each([
    [
      '{"foo":1}',
      'a JSON object without "Records", "Events" or the fields of a CloudTrail record — not a CloudTrail file',
    ],
    [
      '{"Records":{"a":1}}',
      'a JSON object without "Records", "Events" or the fields of a CloudTrail record — not a CloudTrail file',
    ],
    ["42", "JSON, but the file holds a number instead of CloudTrail records — not a CloudTrail file"],
    ['"str"', "JSON, but the file holds a string instead of CloudTrail records — not a CloudTrail file"],
    ["null", "JSON, but the file holds null instead of CloudTrail records — not a CloudTrail file"],
    ["[1, 2]", "a JSON array whose first element is a number, not a CloudTrail record — not a CloudTrail file"],
    ['[{"foo":1}]', "a JSON array whose first element is not a CloudTrail record — not a CloudTrail file"],
  ])("says %s is not CloudTrail", async (input, message) => {
    const out = await collectText(input);
    expect(out.error?.code).toBe("not-cloudtrail");
    expect(out.error?.message).toBe(message);
  });

  it("stops a gzip bomb at the configured limit", async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const out = await collectText(bomb, { maxDecompressedBytes: 1024 * 1024 });
    expect(out.error?.code).toBe("too-large");
    expect(out.error?.message).toBe("decompressed size exceeds the 1 MiB limit (a gzip bomb?)");
    const plain = await collectText(Buffer.alloc(3000, 0x20), { maxDecompressedBytes: 2048 });
    expect(plain.error?.message).toBe("the file exceeds the 2 KiB limit");
  }, 30_000); // gzipping 50 MB takes seconds on a loaded machine

  it("reports unbalanced brackets as a syntax error at the exact place", async () => {
    const text = `[\n${ec(0)},\n{"eventSource":"x","a":[1,2}},\n${ec(1)}]`;
    const out = await collectText(text);
    expect(out.error?.code).toBe("syntax-error");
    const at = text.indexOf("2}") + 1;
    expect(out.error?.message).toBe(`JSON syntax error at line 3, byte ${at}: unexpected "}"`);
    expect(out.records.map((r) => r.i)).toEqual([0]);
  });

  it("reports a missing comma between records as a syntax error", async () => {
    const out = await collectText(`[${ec(0)} ${ec(1)}]`);
    expect(out.error?.message).toMatch(
      /^JSON syntax error at line 1, byte \d+: unexpected "\{" \(expected "," or "\]"\)$/,
    );
    expect(out.records).toHaveLength(1);
  });

  it("stops when the signal is aborted", async () => {
    const controller = new AbortController();
    async function* slowInput() {
      yield Buffer.from(`{"Records":[${ec(0)},`);
      controller.abort();
      await new Promise(() => {}); // never delivers more: the abort must still end the read
    }
    const out = await collect(slowInput(), { signal: controller.signal });
    expect(out.error?.code).toBe("aborted");
    expect(out.records).toHaveLength(1);

    const gzController = new AbortController();
    const gz = gzipSync(`{"Records":[${Array.from({ length: 2000 }, (_, i) => ec(i)).join(",")}]}`);
    const seen: number[] = [];
    const err = await (async () => {
      const { readCloudTrail } = await import("./read-cloudtrail");
      try {
        for await (const item of readCloudTrail(chunked(gz, 512), { signal: gzController.signal })) {
          if (item.type === "record") seen.push(item.record.i as number);
          if (seen.length === 10) gzController.abort();
        }
      } catch (error) {
        return error as ReadError;
      }
    })();
    expect(err?.code).toBe("aborted");
    expect(seen.length).toBeLessThan(2000);
  });
});

describe("readCloudTrail recoverable record errors", () => {
  it("rejects a record over maxRecordBytes and reads on", async () => {
    const big = JSON.stringify(record("elasticache.amazonaws.com", "CreateCacheCluster", { pad: "x".repeat(5000) }));
    const text = `{"Records":[${ec(0)},${big},${ec(2)}]}`;
    for (const size of [1 << 16, 100]) {
      const out = await collectText(text, { maxRecordBytes: 4096 }, size);
      expect(out.records.map((r) => r.i)).toEqual([0, 2]);
      expect(out.rejected).toEqual([
        {
          type: "rejected",
          position: { index: 1, byteOffset: text.indexOf(big), line: 1 },
          reason: `the record is ${Buffer.byteLength(big).toLocaleString("en-US")} bytes, over the 4 KiB limit`,
        },
      ]);
    }
  });

  it("rejects a record that is not valid JSON, with the position of the error, and reads on", async () => {
    const broken = `{"eventSource":"elasticache.amazonaws.com",\n "eventName":"CreateUser", "x": tru}`;
    const text = `[\n${ec(0)},\n${broken},\n${ec(2)}\n]`;
    const out = await collectText(text);
    expect(out.error).toBeUndefined();
    expect(out.records.map((r) => r.i)).toEqual([0, 2]);
    const at = text.indexOf("tru}") + 3;
    expect(out.rejected).toEqual([
      {
        type: "rejected",
        position: { index: 1, byteOffset: text.indexOf(broken), line: 3 },
        reason: `not valid JSON at line 4, byte ${at}: unexpected "}"`,
      },
    ]);
  });

  it("rejects elements that are not objects", async () => {
    const out = await collectText(`{"Records":[${ec(0)}, 5, "x", [1], null, ${ec(5)}]}`);
    expect(out.records.map((r) => r.i)).toEqual([0, 5]);
    expect(out.rejected.map((r) => [r.position.index, r.reason])).toEqual([
      [1, "not a JSON object but a number"],
      [2, "not a JSON object but a string"],
      [3, "not a JSON object but an array"],
      [4, "not a JSON object but null"],
    ]);
  });

  it("rejects objects in an NDJSON file that are not CloudTrail records", async () => {
    const out = await collectText([ec(0), '{"foo":1}', ec(2)].join("\n"));
    expect(out.records.map((r) => r.i)).toEqual([0, 2]);
    expect(out.rejected.map((r) => r.reason)).toEqual([
      'a JSON object without "eventSource" or "eventName" — not a CloudTrail record',
    ]);
  });
});
