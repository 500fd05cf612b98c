import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { yieldToEventLoop } from "@/lib/async/yield-to-event-loop";
import { chunked, collect, collectText, record, seedTexts } from "@/tests/fixtures/read/collect";

const seeds = seedTexts();
const seedObjects = seeds.map((text) => JSON.parse(text) as Record<string, unknown>);
const eventNames = ["CreateCacheCluster", "DescribeCacheClusters", "ModifyCacheCluster"];

describe("readCloudTrail formats (the three seed records)", () => {
  it.each([
    ["a single object", seeds[0]!, "single-record", 1],
    ["a JSON array", `[${seeds.join(",")}]`, "json-array", 3],
    ["NDJSON", seeds.join("\n") + "\n", "ndjson", 3],
    ["concatenated objects", seeds.join(""), "ndjson", 3],
    ["a Records wrapper", `{"Records":[${seeds.join(",")}]}`, "cloudtrail-log", 3],
    ["a pretty-printed Records wrapper", JSON.stringify({ Records: seedObjects }, null, 2), "cloudtrail-log", 3],
  ])("reads %s", async (_label, text, format, count) => {
    for (const bytes of [text, gzipSync(text)]) {
      const out = await collectText(bytes);
      expect(out.error).toBeUndefined();
      expect(out.formats).toEqual([{ type: "format", format }]);
      expect(out.records).toEqual(seedObjects.slice(0, count));
      expect(out.records.map((r) => r.eventName)).toEqual(eventNames.slice(0, count));
      expect(out.skipped).toBe(0);
      expect(out.rejected).toEqual([]);
    }
  });

  it("reads lookup-events output, keys before and after the array included", async () => {
    const events = seeds.map((text, i) => ({ EventId: `id-${i}`, EventName: eventNames[i], CloudTrailEvent: text }));
    const text = JSON.stringify({ Note: { a: [1, { b: "]" }] }, Events: events, NextToken: "abc]}" });
    const out = await collectText(gzipSync(text));
    expect(out.error).toBeUndefined();
    expect(out.formats).toEqual([{ type: "format", format: "lookup-events" }]);
    expect(out.records).toEqual(seedObjects);
  });

  it("rejects a lookup-events entry whose CloudTrailEvent is bad, and reads the others", async () => {
    const events = [
      { EventId: "1", CloudTrailEvent: '{"eventSource": ' },
      { EventId: "2" },
      { EventId: "3", CloudTrailEvent: seeds[1] },
    ];
    const out = await collectText(JSON.stringify({ Events: events }));
    expect(out.records).toEqual([seedObjects[1]]);
    expect(out.rejected.map((r) => [r.position.index, r.reason])).toEqual([
      [0, "CloudTrailEvent is not valid JSON (at character 17: unexpected end of the record)"],
      [1, "a lookup-events entry without a CloudTrailEvent string"],
    ]);
  });

  it("reads an Events array of plain records", async () => {
    const out = await collectText(`{"Events":[${seeds.join(",")}]}`);
    expect(out.formats).toEqual([{ type: "format", format: "lookup-events" }]);
    expect(out.records).toEqual(seedObjects);
  });

  it("gives the same result when fed one byte at a time", async () => {
    const text = `{"Records":[${seeds.join(",")},${JSON.stringify(record("s3.amazonaws.com", "GetObject"))}],"NextToken":"x"}`;
    const whole = await collectText(text);
    const bytewise = await collectText(text, undefined, 1);
    const gzBytewise = await collectText(gzipSync(text), undefined, 1);
    expect(whole.records).toHaveLength(3);
    expect(whole.skipped).toBe(1);
    for (const out of [bytewise, gzBytewise]) {
      expect(out.records).toEqual(whole.records);
      expect(out.positions).toEqual(whole.positions);
      expect(out.skipped).toBe(1);
      expect(out.formats).toEqual(whole.formats);
    }
  });

  it("reports each record's index, byte offset and line", async () => {
    const s3 = JSON.stringify(record("s3.amazonaws.com", "GetObject"));
    const lines = [s3, seeds[0]!, s3, seeds[1]!];
    const out = await collectText("\n" + lines.join("\n"));
    const offsetOf = (k: number) => 1 + lines.slice(0, k).reduce((sum, l) => sum + Buffer.byteLength(l) + 1, 0);
    expect(out.positions).toEqual([
      { index: 1, byteOffset: offsetOf(1), line: 3 },
      { index: 3, byteOffset: offsetOf(3), line: 5 },
    ]);
  });

  it("recognises digest files and hands their content over, as no records", async () => {
    const digest = {
      awsAccountId: "123456789012",
      digestStartTime: "2024-05-01T10:00:00Z",
      digestEndTime: "2024-05-01T11:00:00Z",
      digestS3Bucket: "bucket",
      digestS3Object: "AWSLogs/…",
      newestEventTime: "2024-05-01T10:59:00Z",
      logFiles: [
        { s3Bucket: "bucket", s3Object: "x.json.gz", hashValue: "ab", eventSource: "elasticache.amazonaws.com" },
      ],
    };
    const out = await collectText(gzipSync(JSON.stringify(digest)));
    expect(out.error).toBeUndefined();
    expect(out.items.filter((i) => i.type !== "progress")).toEqual([
      { type: "format", format: "digest", note: "CloudTrail digest file — no events; read for completeness" },
      { type: "digest", digest },
    ]);
  });

  it("recognises Insights files and skips their records", async () => {
    const insight = (kind: string) => ({
      eventVersion: "1.07",
      eventTime: "2024-05-01T10:00:00Z",
      awsRegion: "eu-west-1",
      eventID: kind,
      eventType: "AwsCloudTrailInsight",
      recipientAccountId: "123456789012",
      sharedEventID: "x",
      insightDetails: { state: kind, eventSource: "elasticache.amazonaws.com", eventName: "DescribeCacheClusters" },
      eventCategory: "Insight",
    });
    const out = await collectText(gzipSync(JSON.stringify({ Records: [insight("Start"), insight("End")] })));
    expect(out.error).toBeUndefined();
    expect(out.formats).toEqual([{ type: "format", format: "insights", note: "CloudTrail Insights file — skipped" }]);
    expect(out.records).toEqual([]);
    expect(out.skipped).toBe(2);
  });

  it.each([
    ["no bytes", ""],
    ["only whitespace", " \n\t\r\n "],
    ["a gzipped empty file", gzipSync("")],
    ["only a BOM", "\uFEFF"],
  ])("calls %s empty", async (_label, input) => {
    const out = await collectText(input);
    expect(out.error).toBeUndefined();
    expect(out.formats).toEqual([{ type: "format", format: "empty" }]);
  });

  it("strips a UTF-8 BOM and keeps byte offsets in the decompressed stream", async () => {
    const out = await collectText(gzipSync("\uFEFF" + seeds[0]));
    expect(out.records).toEqual([seedObjects[0]]);
    expect(out.positions[0]).toEqual({ index: 0, byteOffset: 3, line: 1 });
  });

  it("reads multi-member gzip (concatenated log files) as one stream", async () => {
    const file = (text: string) => gzipSync(`{"Records":[${text}]}`);
    const out = await collectText(Buffer.concat([file(seeds[0]!), file(seeds[1]!), file(seeds[2]!)]));
    expect(out.formats).toEqual([{ type: "format", format: "cloudtrail-log" }]);
    expect(out.records).toEqual(seedObjects);
    expect(out.positions.map((p) => p.index)).toEqual([0, 1, 2]);
  });

  it("accepts a Node.js readable stream and reports progress", async () => {
    const s3Records = Array.from({ length: 6000 }, (_, i) =>
      JSON.stringify(record("s3.amazonaws.com", "GetObject", { i, pad: "x".repeat(900) })),
    );
    const text = `{"Records":[${s3Records.join(",")}]}`;
    const out = await collect(Readable.from(chunked(gzipSync(text))));
    expect(out.skipped).toBe(6000);
    const progress = out.items.filter((i) => i.type === "progress");
    expect(progress.length).toBe(2);
    expect(progress.at(-1)).toEqual({
      type: "progress",
      compressedBytes: gzipSync(text).length,
      decompressedBytes: Buffer.byteLength(text),
      gzip: true,
    });
  });

  it("releases the input when the caller stops early", async () => {
    const { readCloudTrail } = await import("./read-cloudtrail");
    const text = `{"Records":[${Array.from({ length: 3000 }, () => seeds[0]).join(",")}]}`;
    for (const bytes of [Buffer.from(text), gzipSync(text)]) {
      let released = false;
      async function* input() {
        try {
          yield* chunked(bytes, 1024);
        } finally {
          released = true;
        }
      }
      for await (const item of readCloudTrail(input())) if (item.type === "record") break;
      await yieldToEventLoop();
      expect(released).toBe(true);
    }
  });

  it("reads an empty Records array and an empty JSON array", async () => {
    expect((await collectText('{"Records":[]}')).formats).toEqual([{ type: "format", format: "cloudtrail-log" }]);
    expect((await collectText("[ ]")).formats).toEqual([{ type: "format", format: "json-array" }]);
  });
});
