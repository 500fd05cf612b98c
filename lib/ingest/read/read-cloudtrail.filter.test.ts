import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { collectText, record } from "@/tests/fixtures/read/collect";
import { mayBeElastiCache } from "./record-filter";

const ndjson = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join("\n");
const wrapped = (records: unknown[]) => JSON.stringify({ Records: records });

describe("readCloudTrail keeps only ElastiCache records", () => {
  it("yields the ElastiCache records of a mixed trail and counts the others exactly", async () => {
    const services = ["s3.amazonaws.com", "ec2.amazonaws.com", "iam.amazonaws.com", "kms.amazonaws.com"];
    const records = Array.from({ length: 1000 }, (_, i) =>
      i % 20 === 7
        ? record("elasticache.amazonaws.com", "ModifyReplicationGroup", { i })
        : record(services[i % 4]!, "Describe", { i }),
    );
    for (const text of [wrapped(records), ndjson(records), JSON.stringify(records)]) {
      const out = await collectText(gzipSync(text), undefined, 4096);
      expect(out.error).toBeUndefined();
      expect(out.records.map((r) => r.i)).toEqual(records.filter((_, i) => i % 20 === 7).map((r) => r.i));
      expect(out.positions.map((p) => p.index)).toEqual(out.records.map((r) => r.i));
      expect(out.skipped).toBe(950);
      expect(out.rejected).toEqual([]);
    }
  });

  it("lets the eventName decide only when the eventSource is empty, null or missing", async () => {
    const withoutSource = record("", "CreateCacheCluster", { case: "missing" });
    delete withoutSource.eventSource;
    const records = [
      record("", "PutObject", { case: "empty, not ElastiCache" }),
      record("iam.amazonaws.com", "CreateUser", { case: "IAM's CreateUser" }),
      record("", "CreateUser", { case: "empty, ElastiCache's CreateUser" }),
      record("", "CreateUser", { case: "spaced", eventSource: "" }),
      { ...record("", "DescribeEvents", { case: "null" }), eventSource: null },
      withoutSource,
      record("elasticache.amazonaws.com", "SomethingNew", { case: "new operation" }),
    ];
    const text = ndjson(records).replace(
      '"eventSource":"","eventName":"CreateUser","awsRegion":"eu-west-1",' +
        '"userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/alice"},"eventID":"-CreateUser","case":"spaced"',
      '"eventSource" :\t"" ,"eventName":"CreateUser","case":"spaced"',
    );
    expect(text).toContain('"eventSource" :\t"" ,');
    const out = await collectText(text);
    expect(out.records.map((r) => r.case)).toEqual([
      "empty, ElastiCache's CreateUser",
      "spaced",
      "null",
      "missing",
      "new operation",
    ]);
    expect(out.skipped).toBe(2);
  });

  it("is not fooled by strings holding brackets, quotes, escapes or unicode", async () => {
    const tricky = ']}{[",\\"}]\\\\" elasticache.amazonaws.com ✓ 🚀 \u2028 \n';
    const records = [
      record("s3.amazonaws.com", "PutObject", { requestParameters: { key: tricky, "}": "{", '"eventSource"': "x" } }),
      record("elasticache.amazonaws.com", "CreateUser", {
        requestParameters: { userName: tricky, 'a\\"b': ["]", "}"] },
      }),
      record("sns.amazonaws.com", "Publish", { message: "\\", other: "\\\\" }),
      record("elasticache.amazonaws.com", "DeleteUser", { note: "ünïcødé — \u0000 \u001f" }),
    ];
    for (const size of [1, 7, 1 << 16]) {
      const out = await collectText(wrapped(records), undefined, size);
      expect(out.error).toBeUndefined();
      expect(out.records).toEqual([records[1], records[3]]);
      expect(out.skipped).toBe(2);
    }
  });

  it("parses a record whose keys or values are spelled with escapes, and judges it exactly", async () => {
    const disguisedKey =
      '{"eventVersion":"1.09","eventSource":"s3.amazonaws.com","eventName":"X","eventSourc\\u0065":"elasticache.amazonaws.com"}';
    const disguisedValue = '{"eventVersion":"1.09","eventSource":"elasticach\\u0065.amazonaws.com","eventName":"X"}';
    const duplicateKey =
      '{"eventVersion":"1.09","eventSource":"s3.amazonaws.com","eventName":"X","eventSource":"elasticache.amazonaws.com"}';
    const escapedSlash = '{"eventVersion":"1.09","eventSource":"elasticache.amazonaws.com\\/","eventName":"X"}';
    const out = await collectText([disguisedKey, disguisedValue, duplicateKey, escapedSlash].join("\n"));
    expect(out.records.map((r) => r.eventSource)).toEqual([
      "elasticache.amazonaws.com",
      "elasticache.amazonaws.com",
      "elasticache.amazonaws.com",
    ]);
    expect(out.skipped).toBe(1);
  });

  it("does not take a nested eventSource for the record's own", async () => {
    const nested = {
      eventVersion: "1.09",
      eventName: "CreateCacheCluster",
      requestParameters: { eventSource: "s3.amazonaws.com" },
    };
    const out = await collectText(JSON.stringify([nested]));
    expect(out.records).toEqual([nested]);
  });
});

describe("mayBeElastiCache (the prefilter)", () => {
  const check = (text: string) => {
    const bytes = Buffer.from(text);
    const keyCandidates = [...text.matchAll(/"eventSource"/g)].map((m) => m.index);
    return mayBeElastiCache(bytes, keyCandidates, text.includes("\\u"));
  };

  it.each([
    ['{"eventSource":"s3.amazonaws.com","eventName":"CreateCacheCluster"}', false],
    ['{"eventSource" : "s3.amazonaws.com"}', false],
    ['{"eventSource":"elasticache.amazonaws.com"}', true],
    ['{"eventSource":""}', true],
    ['{"eventSource":null}', true],
    ['{"eventName":"CreateCacheCluster"}', true],
    ['{"eventSource":"s3\\/x"}', true],
    ['{"a":"eventSource","eventSource":"s3"}', true],
    ['{"eventSource":"s3","x":"\\u0041"}', true],
  ])("%s → %s", (text, expected) => {
    expect(check(text)).toBe(expected);
  });
});
