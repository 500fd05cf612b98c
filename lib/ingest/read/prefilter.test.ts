import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { Rng } from "@/tools/corpus/prng";
import { chunked, collect, record, seedTexts, type Collected } from "@/tests/fixtures/read/collect";
import { isElastiCacheRecord } from "@/lib/cloudtrail/normalise";
import { Prefilter } from "./prefilter";
import { MAX_RECORD_DEPTH } from "./storable-json";

const EC = "elasticache.amazonaws.com";
const S3 = "s3.amazonaws.com";

/** Everything the reader hands out, with the prefilter and without it (every byte scanned). */
async function both(text: string | Buffer, chunkSize?: number): Promise<[Collected, Collected]> {
  const bytes = typeof text === "string" ? Buffer.from(text) : text;
  const fast = await collect(chunked(bytes, chunkSize), { prefilter: true });
  const scanned = await collect(chunked(bytes, chunkSize), { prefilter: false });
  return [fast, scanned];
}

/** The prefilter changes nothing the reader reports: items, positions, errors and their positions. */
async function expectSameAsScanner(text: string | Buffer, chunkSizes = [7, 100, 4096, 64 * 1024]): Promise<Collected> {
  let last: Collected | undefined;
  for (const size of chunkSizes) {
    const [fast, scanned] = await both(text, size);
    expect(fast.items).toEqual(scanned.items);
    expect(fast.error?.message).toEqual(scanned.error?.message);
    expect(fast.error?.byteOffset).toEqual(scanned.error?.byteOffset);
    expect(fast.error?.line).toEqual(scanned.error?.line);
    last = fast;
  }
  return last!;
}

const wrap = (records: string[]) => `{"Records":[${records.join(",")}]}`;
const compact = (r: Record<string, unknown>) => JSON.stringify(r);

describe("Prefilter.skip", () => {
  const others = [record(S3, "PutObject"), record("iam.amazonaws.com", "CreateUser"), record(S3, "GetObject")];
  const text = Buffer.from(wrap([...others.map(compact), compact(record(EC, "CreateCacheCluster"))]));
  const first = text.indexOf("{", 1);
  /** At a record level of {"Records":[…]}: the wrapper object and its array. */
  const DEPTH = 2;

  it("passes over another service's record, to just after its closing brace", () => {
    const end = new Prefilter(1 << 20).skip(text, first, DEPTH);
    expect(text.subarray(first, end).toString()).toBe(compact(others[0]!));
  });

  it("stops at an ElastiCache record, and at the last record of the chunk", () => {
    const ec = text.lastIndexOf('{"eventVersion"');
    expect(new Prefilter(1 << 20).skip(text, ec, DEPTH)).toBe(-1);
    const cut = text.subarray(0, first + 40);
    expect(new Prefilter(1 << 20).skip(cut, first, DEPTH)).toBe(-1);
  });

  it("follows the record's structure, whatever its layout and nesting", () => {
    const cases = [
      // pretty-printed
      JSON.stringify({ Records: others }, null, 1),
      // objects opening with "eventVersion" in an array, after an array or a string holding "]"
      wrap([compact(record(S3, "PutObject", { list: [{ a: [1] }, { eventVersion: "1", eventSource: EC }] }))]),
      wrap([compact(record(S3, "PutObject", { list: [{ a: "]" }, { eventVersion: "1", eventSource: EC }] }))]),
      // "eventSource" keys deeper in the record
      wrap([compact(record(S3, "PutObject", { requestParameters: { eventSource: EC } }))]),
    ];
    for (const bytes of cases.map((c) => Buffer.from(c))) {
      const start = bytes.indexOf("{", 1);
      const end = new Prefilter(1 << 20).skip(bytes, start, DEPTH);
      expect(JSON.parse(bytes.subarray(start, end).toString())).toMatchObject({ eventSource: S3 });
    }
  });

  it("passes over nothing at a record in doubt", () => {
    const cases = [
      // a backslash anywhere in the record
      wrap([compact(record(S3, "PutObject", { key: 'a"b' })), compact(others[1]!)]),
      // eventSource spelled with an escape
      wrap([compact(record(S3, "PutObject")).replace('"eventSource"', '"eventSourc\\u0065"'), compact(others[1]!)]),
      // two eventSource keys
      wrap([
        compact(record(S3, "PutObject")).replace('"eventName"', '"eventSource":"x","eventName"'),
        compact(others[1]!),
      ]),
      // an empty eventSource (the seed records)
      wrap([compact(record("", "CreateCacheCluster")), compact(others[1]!)]),
      // no eventSource at all, or only as a value
      wrap([compact({ eventVersion: "1.0", eventName: "X" }), compact(others[1]!)]),
      wrap([compact({ eventVersion: "1.0", eventName: "eventSource" }), compact(others[1]!)]),
      // brackets that do not match
      wrap([compact(record(S3, "PutObject")).replace('"userIdentity":{', '"userIdentity":['), compact(others[1]!)]),
      // over the size limit
      wrap(others.map(compact)).replace(/"PutObject"/, `"${"x".repeat(300)}"`),
    ];
    for (const bytes of cases.map((c) => Buffer.from(c))) {
      const start = bytes.indexOf("{", 1);
      expect(new Prefilter(256).skip(bytes, start, DEPTH)).toBe(-1);
    }
  });

  it("leaves a record nested past the limit to the scanner, which rejects it", () => {
    const deep = (levels: number) =>
      Buffer.from(
        wrap([compact(record(S3, "PutObject")).replace("{", `{"deep":${"[".repeat(levels)}${"]".repeat(levels)},`)]),
      );
    const limit = MAX_RECORD_DEPTH - DEPTH; // brackets the scanner follows inside a record before it calls it too deep
    const under = deep(limit - 1);
    expect(new Prefilter(1 << 20).skip(under, under.indexOf("{", 1), DEPTH)).toBeGreaterThan(0);
    const over = deep(limit);
    expect(new Prefilter(1 << 20).skip(over, over.indexOf("{", 1), DEPTH)).toBe(-1);
  });
});

describe("readCloudTrail with the prefilter", () => {
  it("reads the usual layout as the scanner does, passing records across chunk boundaries", async () => {
    const rng = new Rng(7); // seeded: a failure can be replayed
    const next = () => rng.float();
    const sources = [EC, S3, S3, "kms.amazonaws.com", "", "sts.amazonaws.com"];
    const names = ["CreateCacheCluster", "PutObject", "Decrypt", "AssumeRole"];
    const records = Array.from({ length: 400 }, (_, i) =>
      record(sources[Math.floor(next() * sources.length)]!, names[Math.floor(next() * names.length)]!, {
        i,
        requestParameters: { list: [{ a: i }, "]"], note: next() < 0.1 ? 'quote " and \\u' : "plain" },
        resources: [{ ARN: `arn:${i}` }],
      }),
    );
    const expected = records.filter((r) => isElastiCacheRecord(r));
    expect(expected.length).toBeGreaterThan(50);
    const text = wrap(records.map(compact));
    for (const size of [13, 1000, 64 * 1024, text.length]) {
      const [fast, scanned] = await both(text, size);
      expect(fast.items).toEqual(scanned.items);
      expect(fast.records).toEqual(expected);
      expect(fast.skipped).toBe(records.length - expected.length);
    }
    const gz = await collect(chunked(gzipSync(text)));
    expect(gz.records).toEqual(expected);
  });

  it("finds ElastiCache records whose eventSource key or value is spelled with escapes", async () => {
    const plain = [compact(record(S3, "PutObject")), compact(record(S3, "GetObject"))];
    const keyEscaped = compact(record(EC, "RebootCacheCluster")).replace('"eventSource"', '"eventSourc\\u0065"');
    const valueEscaped = compact(record(EC, "DeleteCacheCluster")).replace(EC, "elasticach\\u0065.amazonaws.com");
    const out = await expectSameAsScanner(wrap([plain[0]!, keyEscaped, plain[1]!, valueEscaped, plain[0]!]));
    expect(out.records.map((r) => r.eventName)).toEqual(["RebootCacheCluster", "DeleteCacheCluster"]);
    expect(out.skipped).toBe(3);
  });

  it("takes the last of duplicated eventSource keys, as JSON.parse does", async () => {
    const disguised = compact(record(S3, "ModifyCacheCluster")).replace(
      '"eventName"',
      `"eventSource":"${EC}","eventName"`,
    );
    const out = await expectSameAsScanner(
      wrap([compact(record(S3, "PutObject")), disguised, compact(record(S3, "X"))]),
    );
    expect(out.records.map((r) => r.eventName)).toEqual(["ModifyCacheCluster"]);
  });

  it('is not fooled by {"eventVersion": nested in requestParameters or inside strings', async () => {
    const nestedObjects = [
      record(S3, "PutObject", { requestParameters: { items: [{ a: 1 }, { eventVersion: "1", eventSource: EC }] } }),
      record(S3, "PutObject", { requestParameters: { item: { eventVersion: "1", eventSource: EC, eventName: "X" } } }),
      record(EC, "CreateCacheCluster", { requestParameters: { items: [{ b: 2 }, { eventVersion: "2" }] } }),
      record(S3, "PutObject", {
        requestParameters: { text: '{"eventVersion":"1","eventSource":"elasticache.amazonaws.com"}' },
      }),
    ];
    const text = wrap([
      compact(record(S3, "GetObject")),
      ...nestedObjects.map(compact),
      compact(record(S3, "GetObject")),
      // eventSource after a nested record that opens an array
      `{"eventVersion":"1","requestParameters":{"a":[{"x":1},{"eventVersion":"2","eventSource":"${S3}"}]},` +
        `"eventSource":"${EC}","eventName":"CreateCacheCluster","eventID":"late"}`,
      compact(record(S3, "GetObject")),
    ]);
    const out = await expectSameAsScanner(text);
    expect(out.records.map((r) => r.eventID)).toEqual([`${EC}-CreateCacheCluster`, "late"]);
    expect(out.skipped).toBe(6);
    expect(out.positions.map((p) => p.index)).toEqual([3, 6]);
  });

  it("stores no ElastiCache event forged inside another service's record", async () => {
    // A bucket policy is logged as JSON: whoever calls PutBucketPolicy, even denied, writes its
    // statements — here objects that open with "eventVersion", after one holding an array or a "]".
    const forged = { ...record(EC, "DeleteReplicationGroup"), eventID: "forged" };
    for (const earlier of [{ Condition: { StringEquals: { k: ["v"] } } }, { Sid: "]" }, {}]) {
      const statements = [earlier, forged, { ...forged, eventID: "forged-2" }];
      const policy = record(S3, "PutBucketPolicy", {
        requestParameters: { bucketPolicy: { Version: "2012-10-17", Statement: statements } },
        errorCode: "AccessDenied",
      });
      const text = wrap([compact(record(S3, "GetObject")), compact(policy), compact(record(EC, "CreateCacheCluster"))]);
      const out = await expectSameAsScanner(text);
      expect(out.error).toBeUndefined();
      expect(out.records.map((r) => r.eventName)).toEqual(["CreateCacheCluster"]);
      expect(out.skipped).toBe(2);
    }
  });

  it("agrees with the scanner on random records: nesting, brackets and quotes in strings, any chunk size", async () => {
    // The walk reads sixteen bytes at a time: strings and brackets fall across its blocks anywhere.
    const rng = new Rng(29);
    // Mostly without quotes and backslashes (JSON escapes those, and the prefilter leaves such records to the scanner).
    const text = (): string => rng.chars(rng.chance(0.8) ? "ab]}[{:, x" : 'ab]}[{:," \\x', rng.int(40));
    const value = (depth: number): unknown => {
      const kind = depth > 6 ? rng.int(3) : rng.int(6);
      if (kind === 0) return text();
      if (kind === 1) return rng.int(1000) - 500;
      if (kind === 2) return rng.chance(0.5) ? null : rng.chance(0.5);
      if (kind === 3) return Array.from({ length: rng.int(4) }, () => value(depth + 1));
      const object: Record<string, unknown> = {};
      for (let k = rng.int(4); k > 0; k--) object[rng.chance(0.2) ? "eventSource" : text()] = value(depth + 1);
      return object;
    };
    const sources = [S3, S3, "kms.amazonaws.com", EC, ""];
    for (let round = 0; round < 20; round++) {
      const records = Array.from({ length: 30 }, (_, i) => {
        const source = sources[rng.int(sources.length)]!;
        return compact(
          record(source, i % 7 === 0 ? "CreateCacheCluster" : "PutObject", { requestParameters: value(0) }),
        );
      });
      await expectSameAsScanner(wrap(records), [1 + rng.int(40), 16 + rng.int(300), 4096 + rng.int(4096)]);
    }
  });

  it("rejects a record nested past the limit, and passes over one just under it", async () => {
    const nested = (levels: number) =>
      compact(record(S3, "PutObject")).replace("{", `{"deep":${"[".repeat(levels)}${"]".repeat(levels)},`);
    const limit = MAX_RECORD_DEPTH - 2;
    const out = await expectSameAsScanner(wrap([nested(limit - 1), nested(limit), compact(record(S3, "X"))]));
    expect(out.skipped).toBe(2);
    expect(out.rejected.map((r) => r.position.index)).toEqual([1]);
  });

  it("reads the seed records with an empty eventSource among other services' records", async () => {
    const seeds = seedTexts().map((t) => compact(JSON.parse(t) as Record<string, unknown>));
    const others = [compact(record(S3, "PutObject")), compact(record("kms.amazonaws.com", "Decrypt"))];
    const out = await expectSameAsScanner(
      wrap([others[0]!, seeds[0]!, others[1]!, seeds[1]!, others[0]!, seeds[2]!, others[1]!]),
    );
    expect(out.records).toHaveLength(3);
    expect(out.skipped).toBe(4);
    expect(out.positions.map((p) => p.index)).toEqual([1, 3, 5]);
  });

  it("reads pretty-printed, NDJSON, bare-array and lookup-events files as the scanner does", async () => {
    const records = [
      record(S3, "PutObject"),
      record(EC, "CreateCacheCluster"),
      record(S3, "GetObject"),
      record(S3, "X"),
    ];
    await expectSameAsScanner(JSON.stringify({ Records: records }, null, 2));
    await expectSameAsScanner(records.map(compact).join("\n"));
    await expectSameAsScanner(JSON.stringify(records));
    const lookup = JSON.stringify({
      Events: records.map((r) => ({ EventId: r.eventID, CloudTrailEvent: compact(r) })),
    });
    const out = await expectSameAsScanner(lookup);
    expect(out.records.map((r) => r.eventName)).toEqual(["CreateCacheCluster"]);
  });

  it("reports the same errors at the same positions in broken files", async () => {
    const good = [compact(record(S3, "PutObject")), compact(record(S3, "GetObject")), compact(record(EC, "X"))];
    const broken = [
      wrap(good).slice(0, -30), // cut short
      wrap([good[0]!, good[1]!.replace(":", ""), good[2]!]), // missing colon (rejected record)
      wrap([good[0]!, good[1]!.replace('"userIdentity":{', '"userIdentity":['), good[2]!]), // mismatched bracket
      wrap([good[0]!, good[1]!]).replace("},{", "}{"), // missing comma between records
      wrap([good[0]!, good[1]!]).replace("},{", "},,{"), // double comma
      `${wrap(good)} x`, // stray bytes after the end
    ];
    for (const text of broken) await expectSameAsScanner(text);
  });
});
