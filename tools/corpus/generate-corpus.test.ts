import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCorpus, type CorpusSummary } from "./generate-corpus";

// AWSLogs/[o-org/]account/<folder>/region/yyyy/mm/dd/: groups 1 (account) to 5 (day).
const folder = (name: string) =>
  String.raw`^AWSLogs\/(?:o-[a-z0-9]{10}\/)?(\d{12})\/${name}\/([a-z]{2}-[a-z]+-\d)\/(\d{4})\/(\d{2})\/(\d{2})\/`;
const LOG_KEY = new RegExp(
  folder("CloudTrail") + String.raw`\1_CloudTrail_\2_\3\4\5T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$`,
);
const DIGEST_KEY = new RegExp(
  folder("CloudTrail-Digest") + String.raw`\1_CloudTrail-Digest_\2_[\w-]+_\2_\3\4\5T\d{6}Z\.json\.gz$`,
);
const SIZE = 2 * 1024 * 1024;

type Rec = Record<string, unknown>;

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

async function fingerprint(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const key of await listFiles(dir))
    out.set(
      key,
      createHash("sha256")
        .update(await readFile(join(dir, key)))
        .digest("hex"),
    );
  return out;
}

let root: string;
let summary: CorpusSummary;
let keys: string[];
const logs = new Map<string, Rec[]>();
const digests = new Map<string, Rec>();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "corpus-test-"));
  summary = await generateCorpus({ outDir: join(root, "a"), sizeBytes: SIZE, elastiCacheShare: 0.05, seed: 1 });
  keys = await listFiles(join(root, "a"));
  for (const key of keys) {
    const parsed = JSON.parse(gunzipSync(await readFile(join(root, "a", key))).toString("utf8")) as Rec;
    if (key.includes("CloudTrail-Digest")) digests.set(key, parsed);
    else logs.set(key, parsed.Records as Rec[]);
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const allRecords = (): Rec[] => [...logs.values()].flat();

describe("generateCorpus", () => {
  it("is deterministic: same seed, byte-identical files; another seed, different files", async () => {
    await generateCorpus({ outDir: join(root, "b"), sizeBytes: SIZE, elastiCacheShare: 0.05, seed: 1 });
    await generateCorpus({ outDir: join(root, "c"), sizeBytes: SIZE, elastiCacheShare: 0.05, seed: 2 });
    const [a, b, c] = await Promise.all(["a", "b", "c"].map((d) => fingerprint(join(root, d))));
    expect([...(b ?? [])]).toEqual([...(a ?? [])]);
    expect([...(c?.values() ?? [])].some((hash) => [...(a?.values() ?? [])].includes(hash))).toBe(false);
  });

  it("writes about the requested size and reports it", () => {
    expect(summary.bytesUncompressed).toBeGreaterThan(SIZE * 0.95);
    expect(summary.bytesUncompressed).toBeLessThan(SIZE * 1.1);
    expect(summary.bytesWritten).toBeLessThan(summary.bytesUncompressed / 3);
    expect(summary.files).toBe(keys.length);
    expect(summary.digestFiles).toBe(digests.size);
  });

  it("lays keys out like CloudTrail, with an organization-trail subtree", () => {
    for (const key of keys)
      expect(key.includes("CloudTrail-Digest") ? DIGEST_KEY.test(key) : LOG_KEY.test(key), key).toBe(true);
    expect(keys.some((k) => k.startsWith("AWSLogs/o-"))).toBe(true);
    expect(keys.some((k) => /^AWSLogs\/\d{12}\//.test(k))).toBe(true);
    const accounts = new Set(keys.map((k) => LOG_KEY.exec(k)?.[1]).filter(Boolean));
    const regions = new Set(keys.map((k) => LOG_KEY.exec(k)?.[2]).filter(Boolean));
    expect(accounts.size).toBeGreaterThanOrEqual(3);
    expect(regions.size).toBeGreaterThanOrEqual(3);
  });

  it("writes digest files without a Records key that hash the log files", async () => {
    expect(digests.size).toBe(13);
    for (const digest of digests.values()) {
      expect(digest).not.toHaveProperty("Records");
      expect(digest).toHaveProperty("digestSignatureAlgorithm", "SHA256withRSA");
    }
    const [firstDigest] = digests.values();
    const logFile = (firstDigest?.logFiles as { s3Object: string; hashValue: string }[])[0];
    expect(logFile).toEqual({
      s3Bucket: "acme-org-cloudtrail-logs",
      s3Object:
        "AWSLogs/111122223333/CloudTrail/ap-southeast-2/2025/03/14/" +
        "111122223333_CloudTrail_ap-southeast-2_20250314T2346Z_yeiqEzOmjE0UoQaL.json.gz",
      hashValue: "16cf4ae65a2440ea1491134d56d2d83d694396b0686161d033cb9575a9fcfe77",
      hashAlgorithm: "SHA-256",
      oldestEventTime: "2025-03-14T23:40:00Z",
      newestEventTime: "2025-03-14T23:40:32Z",
    });
    const content = gunzipSync(await readFile(join(root, "a", logFile?.s3Object ?? "")));
    expect(createHash("sha256").update(content).digest("hex")).toBe(logFile?.hashValue);
  });

  it("gives every record the core fields and counts them right", () => {
    const records = allRecords();
    expect(records.length).toBe(summary.records);
    for (const r of records) {
      expect(typeof r.eventID).toBe("string");
      expect(r.eventTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(typeof r.eventName).toBe("string");
      expect(r.eventSource).toMatch(/\.amazonaws\.com$/);
      expect(["1.08", "1.09", "1.10", "1.11"]).toContain(r.eventVersion);
      expect(r.eventCategory).toBe("Management");
    }
    const ec = records.filter((r) => r.eventSource === "elasticache.amazonaws.com");
    expect(ec.length).toBe(summary.elastiCacheRecords);
    expect(new Set(ec.map((r) => r.eventID)).size).toBe(summary.uniqueElastiCacheEventIds);
  });

  it("keeps the ElastiCache share close to the request", () => {
    const share = summary.elastiCacheRecords / summary.records;
    expect(share).toBeGreaterThan(0.03);
    expect(share).toBeLessThan(0.07);
  });

  it("delivers ~1 % duplicates, byte-identical, in different files", () => {
    const seen = new Map<string, { json: string; file: string }[]>();
    for (const [file, records] of logs) {
      for (const r of records) {
        const list = seen.get(String(r.eventID)) ?? [];
        list.push({ json: JSON.stringify(r), file });
        seen.set(String(r.eventID), list);
      }
    }
    const duplicated = [...seen.values()].filter((copies) => copies.length > 1);
    expect(duplicated.length).toBe(summary.duplicateRecords);
    expect(summary.duplicateRecords / summary.records).toBeGreaterThan(0.003);
    expect(summary.duplicateRecords / summary.records).toBeLessThan(0.03);
    for (const [first, second] of duplicated) {
      expect(second?.json).toBe(first?.json);
      expect(second?.file).not.toBe(first?.file);
    }
  });

  it("leaves records inside files out of order", () => {
    const unordered = [...logs.values()].filter((records) =>
      records.some((r, i) => i > 0 && String(r.eventTime) < String(records[i - 1]?.eventTime)),
    );
    expect(unordered.length).toBe(17);
  });

  it("covers the identity types and other services", () => {
    const records = allRecords();
    const types = new Set(records.map((r) => (r.userIdentity as Rec).type));
    for (const t of ["IAMUser", "AssumedRole", "AWSService", "AWSAccount", "WebIdentityUser"])
      expect(types).toContain(t);
    const sources = new Set(records.map((r) => r.eventSource));
    for (const s of [
      "ec2.amazonaws.com",
      "sts.amazonaws.com",
      "kms.amazonaws.com",
      "iam.amazonaws.com",
      "s3.amazonaws.com",
    ])
      expect(sources).toContain(s);
  });

  it("writes plain JSON with --no-gzip and all-ElastiCache with share 1", async () => {
    const dir = join(root, "plain");
    const plain = await generateCorpus({
      outDir: dir,
      sizeBytes: 300 * 1024,
      elastiCacheShare: 1,
      seed: 4,
      gzip: false,
    });
    expect(plain.bytesWritten).toBe(plain.bytesUncompressed);
    expect(plain.elastiCacheRecords).toBe(plain.records);
    const files = (await listFiles(dir)).filter((k) => !k.includes("Digest"));
    expect(files.every((k) => k.endsWith(".json"))).toBe(true);
    const records = JSON.parse(await readFile(join(dir, files[0] ?? ""), "utf8")).Records as Rec[];
    expect(records.every((r) => r.eventSource === "elasticache.amazonaws.com")).toBe(true);
  });

  it("rejects invalid options", async () => {
    await expect(
      generateCorpus({ outDir: join(root, "x"), sizeBytes: 0, elastiCacheShare: 0.05, seed: 1 }),
    ).rejects.toThrow(/sizeBytes/);
    await expect(
      generateCorpus({ outDir: join(root, "x"), sizeBytes: 100, elastiCacheShare: 2, seed: 1 }),
    ).rejects.toThrow(/elastiCacheShare/);
  });
});
