import { Readable } from "node:stream";
import { constants, createGzip } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readCloudTrail } from "@/lib/ingest/read/read-cloudtrail";
import { elastiCacheCount, generateTrailText } from "@/tests/fixtures/read/generate-records";

describe("readCloudTrail memory", () => {
  it("streams ~200 MB of gzipped records with bounded heap", { timeout: 120_000 }, async () => {
    const records = 120_000; // ≈ 1.75 KB each
    const gzipped = Readable.from(generateTrailText({ records, layout: "records" })).pipe(
      createGzip({ level: constants.Z_BEST_SPEED }),
    );
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let kept = 0;
    let skipped = 0;
    let decompressed = 0;
    for await (const item of readCloudTrail(gzipped)) {
      if (item.type === "record") kept++;
      else if (item.type === "skipped") skipped += item.count;
      else if (item.type === "progress") {
        decompressed = item.decompressedBytes;
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    expect(decompressed).toBeGreaterThan(200e6);
    expect(kept).toBe(elastiCacheCount(records));
    expect(skipped).toBe(records - kept);
    expect(peak - baseline).toBeLessThan(100 * 1024 * 1024);
  });
});
