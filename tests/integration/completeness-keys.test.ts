import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as GET_KEYS, POST as POST_KEYS } from "@/app/api/completeness/keys/route";
import { setClientForTests } from "@/lib/db/client";
import { keysResponseSchema, keyUploadResultSchema, MAX_KEY_FILE_BYTES } from "@/lib/completeness/schemas";
import { BucketReader } from "@/lib/sources/bucket";
import { createS3Client } from "@/lib/sources/s3-client";
import { createSource, loadSyncSource } from "@/lib/sources/sources";
import { syncHere } from "@/lib/sources/sync-here";
import { LOG_BUCKET } from "@/tools/corpus/accounts";
import { generateCorpus } from "@/tools/corpus/generate-corpus";
import { TEST_KEY_FINGERPRINT, TEST_PUBLIC_KEYS_FILE, WRONG_PUBLIC_KEYS_FILE } from "@/tools/corpus/signing";
import { CloudTrailDouble } from "../helpers/cloudtrail-double";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { call } from "../helpers/routes";
import { TEST_CREDENTIALS, TestS3Server } from "../helpers/s3-server";

// CloudTrail's public keys (issue 16): fetched with ListPublicKeys after an S3 sync — from the
// CloudTrail test double (tests/helpers/cloudtrail-double.ts) through the real SDK, since no
// CloudTrail server runs offline — refused without failing the sync, and uploaded by an admin
// through POST /api/completeness/keys. Digest files end with the outcome "digest".

const DAY = "2026-11-10";
let t: TestDatabase;
let s3: TestS3Server;
let cloudTrail: CloudTrailDouble;
let sourceId: bigint;
let digestKeys: string[];
let root: string;

async function sync() {
  const source = await loadSyncSource(t.prisma, sourceId, undefined);
  const reader = new BucketReader(createS3Client(source.connection), source.connection);
  return syncHere(t.prisma, reader, source, {
    retries: 0,
    concurrency: 3,
    from: DAY,
    to: DAY,
    cloudTrailEndpoint: cloudTrail.endpoint,
  });
}

/** Digests whose signature is known: all but the newest of each of the two streams. */
const signed = () => digestKeys.length - 2;

async function signatureStatuses(): Promise<Record<string, number>> {
  const rows = await t.prisma.digest.groupBy({ by: ["signatureStatus"], _count: true });
  return Object.fromEntries(rows.map((r) => [r.signatureStatus, r._count]));
}

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  root = await mkdtemp(join(tmpdir(), "completeness-keys-"));
  const testKey = JSON.parse(await readFile(TEST_PUBLIC_KEYS_FILE, "utf8")) as {
    PublicKeyList: { Value: string; Fingerprint: string }[];
  };
  [t, s3, cloudTrail] = await Promise.all([
    createTestDatabase(),
    TestS3Server.start(LOG_BUCKET),
    CloudTrailDouble.start([
      {
        value: testKey.PublicKeyList[0]!.Value,
        fingerprint: testKey.PublicKeyList[0]!.Fingerprint,
        validFrom: new Date("2020-01-01T00:00:00Z"),
        validTo: new Date("2030-01-01T00:00:00Z"),
      },
    ]),
  ]);
  setClientForTests(t.prisma);
  await generateCorpus({
    outDir: root,
    sizeBytes: 1024 ** 3,
    elastiCacheShare: 1,
    seed: 5,
    callsPerSecond: 0.01,
    streams: ["111122223333/us-east-1", "111122223333/eu-west-1"],
    startTime: new Date(`${DAY}T00:00:00Z`),
    until: new Date(`${DAY}T05:00:00Z`),
  });
  const keys = await s3.putTree(root);
  digestKeys = keys.filter((k) => k.includes("/CloudTrail-Digest/"));
  sourceId = await createSource(
    t.prisma,
    s3.sourceInput({ name: "keys trail", startDate: DAY, paused: false }),
    undefined,
  );
}, 240_000);

afterAll(async () => {
  await Promise.all([t?.drop(), s3?.stop(), cloudTrail?.stop(), rm(root, { recursive: true, force: true })]);
});

describe("ListPublicKeys after an S3 sync", () => {
  it("refused: the sync still succeeds, the digests stay waiting for a key, and the reason is kept", async () => {
    cloudTrail.refuse = {
      type: "AccessDeniedException",
      message: "User is not authorized to perform: cloudtrail:ListPublicKeys",
    };
    const result = await sync();
    expect(result.status).toBe("succeeded");
    expect(digestKeys.length).toBeGreaterThanOrEqual(8);
    // Every digest but the newest of each chain (two streams) gets its signature from the next one:
    // the fixture's objects carry no x-amz-meta-signature.
    expect(await signatureStatuses()).toEqual({ "no-key": signed(), "no-signature": 2 });
    const response = await call(GET_KEYS, "GET", "/api/completeness/keys", {}, { as: "viewer" });
    expect(response.status).toBe(200);
    const body = keysResponseSchema.parse(await response.json());
    expect(body.keys).toEqual([]);
    expect(body.fetches).toEqual([
      {
        source: "keys trail",
        attemptedAt: expect.any(String),
        keys: 0,
        error:
          "CloudTrail refused ListPublicKeys (AccessDeniedException): User is not authorized to perform: cloudtrail:ListPublicKeys",
      },
    ]);
  }, 120_000);

  it("answered: the keys of the digests' regions and period are stored, and every signature verifies", async () => {
    cloudTrail.refuse = null;
    cloudTrail.calls.length = 0;
    const result = await sync(); // nothing new to read; the run still closes, and the keys are asked for again
    expect(result.status).toBe("succeeded");
    expect(cloudTrail.calls.map((c) => [c.target, c.region])).toEqual([
      ["CloudTrail_20131101.ListPublicKeys", "eu-west-1"],
      ["CloudTrail_20131101.ListPublicKeys", "us-east-1"],
    ]);
    // Each region is asked for the period of its digests that wait for a key.
    const ranges = await t.prisma.digest.groupBy({
      by: ["region"],
      where: { signature: { not: null } },
      _min: { startTime: true },
      _max: { endTime: true },
    });
    for (const c of cloudTrail.calls) {
      const range = ranges.find((r) => r.region === c.region)!;
      expect(c.body.StartTime).toBeLessThanOrEqual(range._min.startTime!.getTime() / 1000);
      expect(c.body.EndTime).toBeGreaterThanOrEqual(Math.floor(range._max.endTime!.getTime() / 1000));
    }
    expect(await signatureStatuses()).toEqual({ valid: signed(), "no-signature": 2 });
    const body = keysResponseSchema.parse(await (await call(GET_KEYS, "GET", "/api/completeness/keys")).json());
    expect(body.keys).toEqual([
      {
        fingerprint: TEST_KEY_FINGERPRINT,
        validFrom: "2020-01-01T00:00:00.000Z",
        validTo: "2030-01-01T00:00:00.000Z",
        origin: "aws",
        loadedBy: "keys trail",
        loadedAt: expect.any(String),
        digestsVerified: signed(),
      },
    ]);
    expect(body.fetches).toEqual([{ source: "keys trail", attemptedAt: expect.any(String), keys: 1, error: null }]);
  }, 120_000);

  it("gives digest files the outcome `digest`, in the ledger and on their ingested file", async () => {
    const files = await t.prisma.ingestFile.groupBy({ by: ["outcome"], where: { format: "digest" }, _count: true });
    expect(files.map((f) => [f.outcome, f._count])).toEqual([["digest", digestKeys.length]]);
    const objects = await t.prisma.s3Object.findMany({ where: { key: { in: digestKeys } }, select: { outcome: true } });
    expect(objects.map((o) => o.outcome)).toEqual(digestKeys.map(() => "digest"));
  });
});

describe("POST /api/completeness/keys (the Sources page's key upload)", () => {
  const upload = (text: string, as: "admin" | "uploader" | "viewer" = "admin") =>
    call(
      POST_KEYS,
      "POST",
      "/api/completeness/keys",
      {},
      {
        as,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ fileName: "keys.json", text }),
      },
    );

  it("is for admins only", async () => {
    const text = await readFile(WRONG_PUBLIC_KEYS_FILE, "utf8");
    expect((await upload(text, "uploader")).status).toBe(403);
    expect((await upload(text, "viewer")).status).toBe(403);
  });

  it("refuses what is not a key file, and a file over the size limit, naming why", async () => {
    const bad = await upload("hello");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toBe(
      "“keys.json”: no public key found: expected ListPublicKeys JSON or PEM.",
    );
    const big = await upload("x".repeat(MAX_KEY_FILE_BYTES + 1));
    expect(big.status).toBe(400);
    expect(((await big.json()) as { error: { message: string } }).error.message).toContain("text");
  });

  it("loads a key file: a wrong key under the same fingerprint fails the signatures, the right one verifies them again", async () => {
    const wrong = await upload(await readFile(WRONG_PUBLIC_KEYS_FILE, "utf8"));
    expect(wrong.status).toBe(201);
    expect(keyUploadResultSchema.parse(await wrong.json())).toEqual({
      imported: 1,
      fingerprints: [TEST_KEY_FINGERPRINT],
      digestsChecked: signed(),
      message: `Loaded 1 public key; checked ${signed()} digest signatures.`,
    });
    expect(await signatureStatuses()).toEqual({ invalid: signed(), "no-signature": 2 });
    const right = await upload(await readFile(TEST_PUBLIC_KEYS_FILE, "utf8"));
    expect(right.status).toBe(201);
    expect(await signatureStatuses()).toEqual({ valid: signed(), "no-signature": 2 });
    const body = keysResponseSchema.parse(await (await call(GET_KEYS, "GET", "/api/completeness/keys")).json());
    expect(body.keys.map((k) => [k.fingerprint, k.origin, k.loadedBy])).toEqual([
      [TEST_KEY_FINGERPRINT, "upload", expect.stringContaining("admin")],
    ]);
  });
});
