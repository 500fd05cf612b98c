import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCorpus, type CorpusSummary } from "@/tools/corpus/generate-corpus";
import { TEST_PUBLIC_KEYS_FILE, WRONG_PUBLIC_KEYS_FILE } from "@/tools/corpus/signing";
import { digestFileSchema, parseDigestKey, parseLogFileName, signingString, type DigestFile } from "./digest-file";
import { parsePublicKeys, verifySignature } from "./signature";

let root: string;
let summary: CorpusSummary;
const digests = new Map<string, { digest: DigestFile; sha256: string }>();
const logs = new Map<string, string>();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "digest-test-"));
  summary = await generateCorpus({
    outDir: root,
    sizeBytes: 1024 ** 3,
    elastiCacheShare: 0.05,
    seed: 3,
    startTime: new Date("2026-11-01T00:00:00Z"),
    until: new Date("2026-11-02T00:00:00Z"),
    callsPerSecond: 0.02,
    streams: ["111122223333/us-east-1", "444455556666/eu-west-1"],
    tampering: { dropLogFiles: [4], alterLogFiles: [7], dropDigests: [2] },
  });
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const e of entries.filter((x) => x.isFile())) {
    const key = relative(root, join(e.parentPath, e.name));
    const content = gunzipSync(await readFile(join(root, key)));
    const sha256 = createHash("sha256").update(content).digest("hex");
    if (key.includes("CloudTrail-Digest"))
      digests.set(key, { digest: digestFileSchema.parse(JSON.parse(content.toString("utf8"))), sha256 });
    else logs.set(key, sha256);
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("the corpus's digest files, read as AWS documents them", () => {
  it("parse, and name themselves by the key they are written under", () => {
    expect(digests.size).toBe(summary.digestFiles - 1);
    for (const [key, { digest }] of digests) {
      expect(digest.digestS3Object).toBe(key);
      expect(parseDigestKey(key)).toMatchObject({ region: key.split("/").at(-5), backfill: false });
    }
  });

  it("hash every intact log file they name; the altered one no longer hashes to its value; the dropped one is absent", () => {
    const named = [...digests.values()].flatMap((d) => d.digest.logFiles);
    const altered = summary.tampered.alteredLogFiles.map((f) => f.key);
    const dropped = summary.tampered.droppedLogFiles.map((f) => f.key);
    expect(altered).toHaveLength(1);
    expect(dropped).toHaveLength(1);
    for (const file of named) {
      if (dropped.includes(file.s3Object)) expect(logs.has(file.s3Object)).toBe(false);
      else if (altered.includes(file.s3Object)) expect(logs.get(file.s3Object)).not.toBe(file.hashValue);
      else expect(logs.get(file.s3Object)).toBe(file.hashValue);
    }
  });

  it("chain: each digest's previousDigestHashValue is the SHA-256 of the previous digest's content", () => {
    let chained = 0;
    for (const { digest } of digests.values()) {
      if (!digest.previousDigestS3Object) continue;
      const previous = digests.get(digest.previousDigestS3Object);
      if (!previous) {
        expect(summary.tampered.droppedDigests).toContain(digest.previousDigestS3Object);
        continue;
      }
      expect(digest.previousDigestHashValue).toBe(previous.sha256);
      chained++;
    }
    expect(chained).toBeGreaterThan(0);
  });

  it("signatures (repeated in the next digest) verify with the test key and not with another key", async () => {
    const [right] = parsePublicKeys(await readFile(TEST_PUBLIC_KEYS_FILE, "utf8"));
    const [wrong] = parsePublicKeys(await readFile(WRONG_PUBLIC_KEYS_FILE, "utf8"));
    expect(right!.fingerprint).toBe(wrong!.fingerprint);
    let checked = 0;
    for (const { digest } of digests.values()) {
      const previous = digest.previousDigestS3Object ? digests.get(digest.previousDigestS3Object) : undefined;
      if (!previous || !digest.previousDigestSignature) continue;
      expect(previous.digest.digestPublicKeyFingerprint).toBe(right!.fingerprint);
      const signed = signingString(previous.digest, previous.sha256);
      expect(verifySignature(signed, digest.previousDigestSignature, right!.der)).toBe(true);
      expect(verifySignature(signed, digest.previousDigestSignature, wrong!.der)).toBe(false);
      expect(
        verifySignature(
          signed.replace(/\n[0-9a-f]{64}\n/, `\n${"0".repeat(64)}\n`),
          digest.previousDigestSignature,
          right!.der,
        ),
      ).toBe(false);
      checked++;
    }
    expect(checked).toBeGreaterThan(3);
  });
});

describe("signingString", () => {
  it("joins end time, bucket/key, content hash and previous signature with newlines; 'null' in the first digest", () => {
    const digest = {
      digestEndTime: "2015-08-17T15:01:31Z",
      digestS3Bucket: "bucket",
      digestS3Object: "AWSLogs/1/CloudTrail-Digest/x.json.gz",
      previousDigestSignature: null,
    };
    expect(signingString(digest, "ab")).toBe(
      "2015-08-17T15:01:31Z\nbucket/AWSLogs/1/CloudTrail-Digest/x.json.gz\nab\nnull",
    );
    expect(signingString({ ...digest, previousDigestSignature: "ff" }, "ab").endsWith("\nab\nff")).toBe(true);
  });
});

describe("names", () => {
  it("reads a digest key, backfill included, and a log file name", () => {
    expect(
      parseDigestKey(
        "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/" +
          "111122223333_CloudTrail-Digest_us-east-2_my_trail_us-east-2_20150817T150131Z_backfill.json.gz",
      ),
    ).toEqual({ region: "us-east-2", trail: "my_trail", backfill: true });
    expect(parseDigestKey("nope.json.gz")).toBeNull();
    expect(parseLogFileName("x/111122223333_CloudTrail_eu-west-1_20261112T0905Z_AbCdEfGh12345678.json.gz")).toEqual({
      account: "111122223333",
      region: "eu-west-1",
      deliveredAt: new Date("2026-11-12T09:05:00Z"),
    });
  });
});
