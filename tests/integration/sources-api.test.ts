import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getObjectsRoute } from "@/app/api/sources/[id]/objects/route";
import {
  DELETE as deleteSourceRoute,
  GET as getSourceRoute,
  PATCH as patchSourceRoute,
} from "@/app/api/sources/[id]/route";
import { POST as syncSourceRoute } from "@/app/api/sources/[id]/sync/route";
import { POST as testSourceRoute } from "@/app/api/sources/[id]/test/route";
import { GET as listSourcesRoute, POST as addSourceRoute } from "@/app/api/sources/route";
import { setClientForTests } from "@/lib/db/client";
import { poolOf } from "@/lib/db/create-client";
import { env } from "@/lib/env";
import { addDays, dayOf } from "@/lib/sources/layout";
import {
  connectionReportSchema,
  objectListSchema,
  sourceListSchema,
  sourceViewSchema,
  syncRequestedSchema,
  type SourceView,
} from "@/lib/sources/schemas";
import { BucketReader } from "@/lib/sources/bucket";
import { createS3Client } from "@/lib/sources/s3-client";
import { loadSyncSource } from "@/lib/sources/sources";
import { syncHere } from "@/lib/sources/sync-here";
import { fillTrailBucket, type TrailBucket } from "../fixtures/s3/trail-bucket";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { authHeaders } from "../helpers/routes";
import { TEST_CREDENTIALS, TestS3Server } from "../helpers/s3-server";

// /api/sources/** through the real route modules, on the test's database and S3 server: strict
// validation, keys that go in sealed and never come out, the connection test's findings and
// errors, "Sync now", the ledger's failed objects, removal.

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const routes: Record<string, Record<string, Handler>> = {
  list: { GET: listSourcesRoute, POST: addSourceRoute },
  one: { GET: getSourceRoute, PATCH: patchSourceRoute, DELETE: deleteSourceRoute },
  test: { POST: testSourceRoute },
  sync: { POST: syncSourceRoute },
  objects: { GET: getObjectsRoute },
};

let t: TestDatabase;
let s3: TestS3Server;
let bucket: TrailBucket;

const SECRET = "test-secret-key-of-at-least-thirty-two-characters";

async function call(method: string, route: string, path: string, params: Record<string, string> = {}, body?: unknown) {
  const handler = routes[route]![method]!;
  const request = new NextRequest(`http://localhost${path}`, {
    method,
    headers: await authHeaders("admin"),
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, text, body: text ? (JSON.parse(text) as unknown) : null };
}

function settings(name: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    bucket: s3.bucket,
    prefix: bucket.prefix,
    region: "us-east-1",
    endpoint: s3.endpoint,
    forcePathStyle: true,
    ...extra,
  };
}

async function create(name: string, extra: Record<string, unknown> = {}): Promise<SourceView> {
  const { status, body } = await call("POST", "list", "/api/sources", {}, settings(name, extra));
  expect(status).toBe(201);
  return sourceViewSchema.parse(body);
}

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  [t, s3] = await Promise.all([createTestDatabase(), TestS3Server.start()]);
  setClientForTests(t.prisma);
  bucket = await fillTrailBucket(s3, { busyObjects: 0 });
}, 180_000);

afterAll(async () => {
  await Promise.all([t?.drop(), s3?.stop()]);
});

describe("POST /api/sources", () => {
  it("adds a source with the defaults: 90 days back, every 5 minutes, the default credential chain", async () => {
    const source = await create("defaults");
    expect(source).toMatchObject({
      name: "defaults",
      prefix: "org-trail/",
      startDate: addDays(dayOf(new Date()), -90),
      intervalMinutes: 5,
      paused: false,
      accounts: [],
      awsRegions: [],
      credentials: { mode: "default", accessKeyHint: null, roleArn: null },
      status: "idle",
      lastSync: null,
      progress: null,
      objects: { total: 0, done: 0, failed: 0, bytesDone: 0 },
      eventsStored: 0,
    });
  });

  it("answers 400 naming the field for every invalid value, and for fields it does not know", async () => {
    const cases: [unknown, string][] = [
      [
        settings("bad bucket", { bucket: "Not_A_Bucket" }),
        "Invalid body: bucket: must be an S3 bucket name (3–63 lower-case letters, digits, . and -)",
      ],
      [settings("bad date", { startDate: "2026-02-30" }), "Invalid body: startDate: must be a date as YYYY-MM-DD"],
      [settings("bad account", { accounts: ["1234"] }), "Invalid body: accounts.0: must be a 12-digit AWS account id"],
      [
        settings("bad region", { region: "Ireland" }),
        "Invalid body: region: must be an AWS region name such as eu-west-1",
      ],
      [
        settings("bad interval", { intervalMinutes: 0 }),
        "Invalid body: intervalMinutes: Too small: expected number to be >=1",
      ],
      [
        settings("awslogs", { prefix: "org-trail/AWSLogs/" }),
        "Invalid body: prefix: must be the part before AWSLogs/ (leave AWSLogs/ out)",
      ],
      [settings("extra", { password: "x" }), 'Invalid body: Unrecognized key: "password"'],
      ["{not json", "Invalid body: not JSON."],
    ];
    for (const [body, message] of cases) {
      const response = await call("POST", "list", "/api/sources", {}, body);
      expect([response.status, (response.body as { error: { message: string } }).error.message]).toEqual([
        400,
        message,
      ]);
    }
  });

  it("answers 409 for a name already taken", async () => {
    const response = await call("POST", "list", "/api/sources", {}, settings("defaults"));
    expect(response.status).toBe(409);
  });

  it("refuses access keys when the server has no CACHETRAIL_SECRET_KEY, saying what to do", async () => {
    env.CACHETRAIL_SECRET_KEY = undefined;
    const response = await call(
      "POST",
      "list",
      "/api/sources",
      {},
      settings("keys refused", {
        credentials: { mode: "keys", accessKeyId: "AKIAEXAMPLEKEY123456", secretAccessKey: "s3cr3t" },
      }),
    );
    expect(response.status).toBe(400);
    expect((response.body as { error: { message: string } }).error.message).toMatch(
      /^credentials: Access keys cannot be stored: CACHETRAIL_SECRET_KEY is not set on the server/,
    );
    expect(await t.prisma.source.count({ where: { name: "keys refused" } })).toBe(0);
  });

  it("stores access keys sealed, and never sends them back", async () => {
    env.CACHETRAIL_SECRET_KEY = SECRET;
    const keys = { mode: "keys", ...TEST_CREDENTIALS };
    const response = await call("POST", "list", "/api/sources", {}, settings("with keys", { credentials: keys }));
    expect(response.status).toBe(201);
    const source = sourceViewSchema.parse(response.body);
    expect(source.credentials).toEqual({ mode: "keys", accessKeyHint: "S3RV…RVER", roleArn: null });
    const row = await t.prisma.s3Source.findUniqueOrThrow({ where: { sourceId: BigInt(source.id) } });
    for (const text of [response.text, (await call("GET", "list", "/api/sources")).text, row.sealedCredentials!]) {
      expect(text.includes(keys.secretAccessKey)).toBe(false);
      expect(text.includes(keys.accessKeyId)).toBe(false);
    }
    // The stored pair is the one s3rver accepts: the connection test uses it.
    const test = connectionReportSchema.parse((await call("POST", "test", "", { id: source.id })).body);
    expect(test.ok).toBe(true);
  });
});

describe("GET, PATCH and DELETE /api/sources/:id", () => {
  it("answers 400 for an id that is not one, 404 for one that does not exist", async () => {
    expect((await call("GET", "one", "/api/sources/abc", { id: "abc" })).status).toBe(400);
    expect((await call("GET", "one", "/api/sources/999", { id: "999" })).status).toBe(404);
  });

  it("pauses and resumes, and changes only what is sent", async () => {
    const source = await create("to edit", { startDate: bucket.startDay });
    const paused = await call("PATCH", "one", "", { id: source.id }, { paused: true });
    expect(sourceViewSchema.parse(paused.body)).toMatchObject({
      paused: true,
      status: "paused",
      nextSyncAt: null,
      startDate: bucket.startDay,
    });
    const resumed = await call("PATCH", "one", "", { id: source.id }, { paused: false, awsRegions: ["us-east-1"] });
    expect(sourceViewSchema.parse(resumed.body)).toMatchObject({
      paused: false,
      status: "idle",
      awsRegions: ["us-east-1"],
    });
    expect((await call("PATCH", "one", "", { id: source.id }, { intervalMinutes: -1 })).status).toBe(400);
  });

  it("removes the source and its ledger, and keeps its runs", async () => {
    const source = await create("to remove", { startDate: bucket.recentDay });
    const loaded = await loadSyncSource(t.prisma, BigInt(source.id), undefined);
    await syncHere(t.prisma, new BucketReader(createS3Client(loaded.connection), loaded.connection), loaded, {
      retries: 0,
    });
    expect((await call("DELETE", "one", "", { id: source.id })).status).toBe(204);
    expect((await call("GET", "one", "", { id: source.id })).status).toBe(404);
    expect(await t.prisma.s3Object.count({ where: { sourceId: BigInt(source.id) } })).toBe(0);
    expect(await t.prisma.ingestRun.count({ where: { sourceId: BigInt(source.id) } })).toBe(1);
  });
});

describe("POST /api/sources/:id/test", () => {
  let tested = 0;
  async function report(extra: Record<string, unknown>) {
    const source = await create(`connection test ${++tested}`, extra);
    const { status, body } = await call("POST", "test", "", { id: source.id });
    expect(status).toBe(200);
    return connectionReportSchema.parse(body);
  }

  it("reports the trail it finds: organization trail, accounts, regions, first and last day, digests and Insights", async () => {
    const found = await report({});
    if (!found.ok) throw new Error(found.error.message);
    expect(found.layout).toEqual({
      organizationTrail: true,
      orgIds: ["o-a1b2c3d4e5"],
      accounts: ["111122223333", "210987654321", "444455556666", "777788889999"],
      regions: ["ap-southeast-2", "eu-west-1", "us-east-1", "us-west-2"],
      streams: found.layout.streams,
      firstDay: bucket.oldDay,
      lastDay: bucket.recentDay,
      digests: true,
      insights: true,
    });
    expect(
      found.sampleKeys.length > 0 && found.sampleKeys.every((k) => k.includes(bucket.recentDay.replaceAll("-", "/"))),
    ).toBe(true);
  });

  it("says precisely why it cannot read: no bucket, no layout, wrong region, access denied, unreachable", async () => {
    const errors = [
      await report({ bucket: "no-such-trail-bucket" }),
      await report({ prefix: "elsewhere/" }),
      await report({ endpoint: "http://127.0.0.1:9" }),
    ];
    await s3.redirectTo("eu-west-1");
    errors.push(await report({}));
    await s3.redirectTo(null);
    await s3.denyListing(true);
    errors.push(await report({}));
    await s3.denyListing(false);
    expect(errors.map((e) => (e.ok ? null : e.error))).toEqual([
      { code: "no-such-bucket", message: `There is no bucket named "no-such-trail-bucket" at ${s3.endpoint}.` },
      {
        code: "no-cloudtrail-layout",
        message:
          `No CloudTrail logs under s3://${s3.bucket}/elsewhere/: expected AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/; ` +
          "nothing is stored under that prefix. Check the prefix (the part of the key before AWSLogs/).",
      },
      {
        code: "unreachable",
        message: "Cannot reach the S3 endpoint http://127.0.0.1:9: connection refused (ECONNREFUSED).",
      },
      {
        code: "wrong-region",
        message: `The bucket ${s3.bucket} is in eu-west-1, not us-east-1: set the bucket region to eu-west-1.`,
      },
      {
        code: "access-denied",
        message:
          `Access denied listing s3://${s3.bucket}/org-trail/: ` +
          `the credentials need s3:ListBucket on arn:aws:s3:::${s3.bucket} (for the prefix org-trail/).`,
      },
    ]);
  });
});

describe("POST /api/sources/:id/sync and GET /api/sources/:id/objects", () => {
  it("queues a sync once, and refuses one while the source syncs", async () => {
    const source = await create("sync now", { paused: true });
    const first = await call("POST", "sync", "", { id: source.id });
    expect(first.status).toBe(202);
    expect(syncRequestedSchema.parse(first.body)).toMatchObject({ queued: true });
    const again = syncRequestedSchema.parse((await call("POST", "sync", "", { id: source.id })).body);
    expect(again).toEqual({
      queued: false,
      jobId: null,
      message: "A sync of this source is already waiting for a worker.",
    });

    await t.prisma.s3Source.update({
      where: { sourceId: BigInt(source.id) },
      data: { currentRunId: 424242n, phase: "reading" },
    });
    const busy = await call("POST", "sync", "", { id: source.id });
    expect(busy.status).toBe(409);
    await t.prisma.s3Source.update({
      where: { sourceId: BigInt(source.id) },
      data: { currentRunId: null, phase: null },
    });
  });

  it("lists the failed objects with their errors, and answers 400 for an unknown status", async () => {
    const source = await create("failed objects", { startDate: bucket.recentDay });
    const loaded = await loadSyncSource(t.prisma, BigInt(source.id), undefined);
    await syncHere(t.prisma, new BucketReader(createS3Client(loaded.connection), loaded.connection), loaded, {
      retries: 0,
    });
    const { status, body } = await call("GET", "objects", `/api/sources/${source.id}/objects?status=failed`, {
      id: source.id,
    });
    expect(status).toBe(200);
    const list = objectListSchema.parse(body);
    expect(list.objects.map((o) => [o.key, o.status, o.errorCode, o.attempts])).toEqual([
      [bucket.corruptKey, "failed", "corrupt", 1],
    ]);
    expect(list.nextAfter).toBeNull();
    const view = sourceViewSchema.parse((await call("GET", "one", "", { id: source.id })).body);
    expect(view).toMatchObject({ status: "idle", lastSync: { status: "partial" }, objects: { failed: 1 } });

    const bad = await call("GET", "objects", `/api/sources/${source.id}/objects?status=broken`, { id: source.id });
    expect(bad.status).toBe(400);
    const unknown = await call("GET", "objects", `/api/sources/${source.id}/objects?colour=red`, { id: source.id });
    expect(unknown.status).toBe(400);
  });

  it("lists every source", async () => {
    const list = sourceListSchema.parse((await call("GET", "list", "/api/sources")).body);
    expect(list.sources.map((s) => s.name).includes("failed objects")).toBe(true);
  });
});

describe("the database", () => {
  it("refuses the enumerated values the schemas do not know (CHECK constraints)", async () => {
    const id = (await create("checked")).id;
    const pool = poolOf(t.prisma);
    const refused = (sql: string) =>
      pool.query(sql, [id]).then(
        () => "accepted",
        (e: { code?: string }) => e.code,
      );
    const insert =
      "INSERT INTO s3_object (source_id, key, etag, size, last_modified, status, outcome) VALUES ($1, 'k', 'e', 1, now()";
    expect(
      await Promise.all([
        refused("UPDATE s3_source SET credential_mode = 'magic' WHERE source_id = $1"),
        refused("UPDATE s3_source SET credential_mode = 'keys' WHERE source_id = $1"), // keys without sealed ones
        refused("UPDATE s3_source SET phase = 'dreaming' WHERE source_id = $1"),
        refused(`${insert}, 'lost', NULL)`),
        refused(`${insert}, 'done', 'fine')`),
        refused(`${insert}, 'done', 'ok')`),
      ]),
    ).toEqual(["23514", "23514", "23514", "23514", "23514", "accepted"]);
  });
});
