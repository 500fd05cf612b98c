import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getEvent } from "@/app/api/events/[eventId]/route";
import { GET as getExport } from "@/app/api/events/export/route";
import { setClientForTests } from "@/lib/db/client";
import { reindentJson } from "@/lib/events/json-reindent";
import { ingestFile } from "@/lib/ingest/ingest-file";
import { finishRun, startRun } from "@/lib/ingest/runs";
import { modifyRecord, testRecord } from "@/tests/fixtures/event-records";
import { EVENT_ID_SELECT, eventIdOf } from "@/lib/events/event-id";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { get } from "../helpers/routes";
import { chunks } from "../helpers/streams";
import { storedRecord } from "../helpers/stored-record";

// Records the database would refuse, each rejected alone with its position and reason, while
// every valid record around it is stored (issue 17: "one bad record never costs the others").

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  setClientForTests(t.prisma);
});
afterAll(async () => {
  await t.drop();
});

async function ingestText(name: string, text: string, options: Parameters<typeof ingestFile>[3] = {}) {
  const run = await startRun(t.prisma, { kind: "cli", name: "hostile" });
  const summary = await ingestFile(t.prisma, run, { name, content: chunks(gzipSync(Buffer.from(text))) }, options);
  await finishRun(t.prisma, run, [summary]);
  return summary;
}

/** A trail file from record texts written by hand (JSON.stringify cannot write 1e131072). */
const trail = (texts: string[]) => `{"Records":[${texts.join(",")}]}`;
const json = (record: unknown) => JSON.stringify(record);
/** A ModifyCacheCluster whose numCacheNodes is written as `number`, verbatim. */
const withNodes = (number: string, id = randomBytes(6).toString("hex")) =>
  json(modifyRecord(`c-${id}`, { eventID: `n-${id}` })).replace('"numCacheNodes":3', `"numCacheNodes":${number}`);

async function storedIds(prefix: string): Promise<string[]> {
  // Test ids are not UUIDs: they are kept as text.
  const rows = await t.prisma.event.findMany({ where: { eventId: { startsWith: prefix } }, select: EVENT_ID_SELECT });
  return rows.map(eventIdOf).sort();
}

describe("numbers past PostgreSQL's numeric range", () => {
  // jsonb refused them ("value overflows numeric format"); the record is stored as its text now.
  it("store the record holding 1e131072 byte for byte, and show the number as written", async () => {
    const good1 = modifyRecord("overflow-a", { eventID: "ovf-1" });
    const good3 = modifyRecord("overflow-c", { eventID: "ovf-3" });
    const bad = json(modifyRecord("overflow-b", { eventID: "ovf-2" })).replace(
      '"numCacheNodes":3',
      '"numCacheNodes":1e131072',
    );
    expect(bad).toContain('"numCacheNodes":1e131072');
    const summary = await ingestText("overflow.json.gz", trail([json(good1), bad, json(good3)]));
    expect(summary).toMatchObject({ outcome: "ok", stored: 3, rejected: 0, recordsRead: 3, error: null });
    expect(await storedIds("ovf-")).toEqual(["ovf-1", "ovf-2", "ovf-3"]);
    const stored = await storedRecord(t.prisma, "ovf-2");
    expect(stored.bytes.toString()).toBe(bad);
    // What is derived from it stays sane: the parsed record holds Infinity, the event its usual columns.
    expect(stored.record.requestParameters.numCacheNodes).toBe(Infinity);
    const row = await t.prisma.event.findUniqueOrThrow({ where: { eventId: "ovf-2" } });
    expect(row).toMatchObject({ eventName: "ModifyCacheCluster", readOnly: false, errorCode: null });

    // The event's API carries the text as stored; the page lays it out without re-writing a token.
    const answer = await (await get(getEvent, "/api/events/ovf-2", { eventId: "ovf-2" })).json();
    expect(answer.event.recordText).toBe(bad);
    expect(reindentJson(answer.event.recordText)).toContain('"numCacheNodes": 1e131072,');
  });

  it("store every number as written, past the largest and smallest numeric holds", async () => {
    const numbers = [
      "1e131071",
      "-9.99e131071",
      "1e-16383",
      "0e999999",
      "1e131072",
      "10e131071",
      "1e-16384",
      "1e99999999999",
    ];
    const texts = numbers.map((n, i) => withNodes(n, `edge${String(i).padStart(2, "0")}`));
    const summary = await ingestText("edges.json.gz", trail(texts));
    expect(summary).toMatchObject({ stored: numbers.length, rejected: 0, outcome: "ok" });
    for (const [i, n] of numbers.entries()) {
      const stored = await storedRecord(t.prisma, `n-edge${String(i).padStart(2, "0")}`);
      expect(stored.bytes.toString()).toBe(texts[i]);
      expect(stored.bytes.toString()).toContain(`"numCacheNodes":${n},`);
    }
  });
});

describe("nesting", () => {
  const nested = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`;

  it("reject a record nested 1,200 levels alone and keep reading the file", async () => {
    const deep = json(testRecord({ eventID: "deep-2" })).replace(
      '"requestParameters":null',
      `"requestParameters":{"x":${nested(1200)}}`,
    );
    const summary = await ingestText(
      "deep.json.gz",
      trail([json(testRecord({ eventID: "deep-1" })), deep, json(testRecord({ eventID: "deep-3" }))]),
    );
    expect(summary).toMatchObject({ outcome: "partial", stored: 2, rejected: 1, error: null });
    expect(summary.rejections[0]).toMatchObject({ position: { index: 1 }, reason: "nested deeper than 1,000 levels" });
    expect(await storedIds("deep-")).toEqual(["deep-1", "deep-3"]);
  });

  it("reject a lookup-events record nested 5,000 levels inside its CloudTrailEvent string", async () => {
    const entry = (record: string, id: string) => ({
      EventId: id,
      EventName: "DescribeCacheClusters",
      CloudTrailEvent: record,
    });
    const deep = json(testRecord({ eventID: "lk-2" })).replace(
      '"requestParameters":null',
      `"requestParameters":{"x":${nested(5000)}}`,
    );
    const text = json({
      Events: [
        entry(json(testRecord({ eventID: "lk-1" })), "lk-1"),
        entry(deep, "lk-2"),
        entry(json(testRecord({ eventID: "lk-3" })), "lk-3"),
      ],
    });
    const summary = await ingestText("lookup.json.gz", text);
    expect(summary).toMatchObject({ format: "lookup-events", outcome: "partial", stored: 2, rejected: 1 });
    expect(summary.rejections[0]).toMatchObject({
      position: { index: 1 },
      reason: "CloudTrailEvent is nested deeper than 1,000 levels",
    });
    expect(await storedIds("lk-")).toEqual(["lk-1", "lk-3"]);
  });
});

describe("text PostgreSQL refuses", () => {
  it('count "a\\u0000" and "a\\uFFFD" as one event, once in every counter', async () => {
    const a = modifyRecord("nul-cluster", { eventID: "nul-a\u0000" });
    const b = modifyRecord("nul-cluster", { eventID: "nul-a\uFFFD" });
    const c = modifyRecord("nul-cluster", { eventID: "nul-a\uD800" });
    const summary = await ingestText("nul-ids.json.gz", trail([json(a), json(b), json(c)]));
    expect(summary).toMatchObject({ outcome: "ok", stored: 1, duplicates: 2, rejected: 0 });
    expect(await storedIds("nul-")).toEqual(["nul-a\uFFFD"]);
    const resource = await t.prisma.resource.findFirstOrThrow({ where: { resourceId: "nul-cluster" } });
    expect(resource).toMatchObject({ eventCount: 1, changeCount: 1 });
    const links = await t.prisma.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM event_resource WHERE resource_id = ${resource.id}`;
    expect(links[0]?.n).toBe(1);
  });

  it("store NUL and lone surrogates in every field as U+FFFD, keys and values alike", async () => {
    const bad = "x\u0000y\uD800z\uDC00";
    const clean = "x\uFFFDy\uFFFDz\uFFFD";
    // Resource ids with control characters are not linked (resource-collector.ts); lone surrogates are cleaned.
    const record = modifyRecord("cl-y\uD800z\uDC00", {
      eventID: `enc-${bad}`,
      awsRegion: `eu-${bad}`,
      recipientAccountId: `acct-${bad}`,
      sourceIPAddress: bad,
      userAgent: bad,
      errorCode: bad,
      errorMessage: bad,
      requestID: bad,
      userIdentity: { type: "IAMUser", userName: bad, arn: `arn:aws:iam::1:user/${bad}`, accountId: `acct-${bad}` },
      additionalEventData: { [bad]: bad },
    });
    const summary = await ingestText(
      "encoding.json.gz",
      trail([json(record), json(testRecord({ eventID: "enc-ok" }))]),
    );
    expect(summary).toMatchObject({ outcome: "ok", stored: 2, rejected: 0 });
    const event = await t.prisma.event.findUniqueOrThrow({
      where: { eventId: `enc-${clean}` },
      include: { actor: true, userAgent: true },
    });
    expect(event).toMatchObject({
      awsRegion: `eu-${clean}`,
      accountId: `acct-${clean}`,
      sourceIp: clean,
      userAgent: { text: clean },
      errorCode: clean,
      errorMessage: clean,
      requestId: clean,
    });
    expect(event.actor.name).toBe(clean);
    expect((await storedRecord(t.prisma, `enc-${clean}`)).record.additionalEventData).toEqual({ [clean]: clean });
    const resource = await t.prisma.resource.findFirstOrThrow({ where: { resourceId: "cl-y\uFFFDz\uFFFD" } });
    expect(resource).toMatchObject({ accountId: `acct-${clean}`, region: `eu-${clean}`, eventCount: 1 });
  });

  it("keep __proto__ and constructor keys literally, at the top and deep inside, stored and shown", async () => {
    const text = json(modifyRecord("proto-cluster", { eventID: "proto-1" })).replace(
      '"requestParameters":{',
      '"__proto__":{"polluted":true},"constructor":"top","requestParameters":{"__proto__":{"deep":1},"constructor":{"prototype":2},',
    );
    const summary = await ingestText("proto.json.gz", trail([text]));
    expect(summary).toMatchObject({ outcome: "ok", stored: 1 });
    const stored = await storedRecord(t.prisma, "proto-1");
    expect(stored.bytes.toString()).toBe(text);
    const own = (o: object, key: string) => Object.getOwnPropertyDescriptor(o, key)?.value;
    expect([
      own(stored.record, "__proto__"),
      own(stored.record, "constructor"),
      own(stored.record.requestParameters, "__proto__"),
      own(stored.record.requestParameters, "constructor"),
    ]).toEqual([{ polluted: true }, "top", { deep: 1 }, { prototype: 2 }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // Shown literally: the event's API and the export carry them as the record's own keys.
    const answer = await (await get(getEvent, "/api/events/proto-1", { eventId: "proto-1" })).text();
    const shown = JSON.parse(answer) as { event: { record: Record<string, unknown> } };
    const record = shown.event.record;
    const params = record.requestParameters as Record<string, unknown>;
    expect({
      top: Object.getOwnPropertyDescriptor(record, "__proto__")?.value,
      ctor: Object.hasOwn(record, "constructor") ? record.constructor : undefined,
      deep: Object.getOwnPropertyDescriptor(params, "__proto__")?.value,
      dctor: Object.hasOwn(params, "constructor") ? params.constructor : undefined,
    }).toEqual({ top: { polluted: true }, ctor: "top", deep: { deep: 1 }, dctor: { prototype: 2 } });
    const exported = await (await get(getExport, "/api/events/export?format=json&q=proto-cluster")).text();
    expect(exported).toContain('"__proto__":{"polluted":true}');
    expect(exported).toContain('"constructor":{"prototype":2}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("dates", () => {
  it("reject impossible and out-of-range event times alone", async () => {
    const times = ["2025-02-30T00:00:00Z", "0000-01-01T00:00:00Z", "2025-13-01T00:00:00Z", "99999-01-01T00:00:00Z"];
    const texts = [
      json(testRecord({ eventID: "time-ok-1", eventTime: "9999-12-31T23:59:59Z" })),
      ...times.map((eventTime, i) => json(testRecord({ eventID: `time-bad-${i}`, eventTime }))),
      json(testRecord({ eventID: "time-ok-2", eventTime: "1970-01-01T00:00:00Z" })),
    ];
    const summary = await ingestText("times.json.gz", trail(texts));
    expect(summary).toMatchObject({ outcome: "partial", stored: 2, rejected: 4 });
    expect(summary.rejections.map((r) => r.reason)).toEqual(
      times.map((time) => `eventTime "${time}" is not an ISO-8601 time`),
    );
    expect(await storedIds("time-")).toEqual(["time-ok-1", "time-ok-2"]);
  });
});

describe("a record only the database can judge", () => {
  it("is found by halving the refused batch: only it is rejected, with the database's reason", async () => {
    // An error code too long for its index row (random text does not compress): the checks
    // before a batch do not know index limits, so the batch fails and is split.
    const texts = Array.from({ length: 40 }, (_, i) =>
      json(
        testRecord({
          eventID: `bis-${String(i).padStart(2, "0")}`,
          ...(i === 29 ? { errorCode: randomBytes(4000).toString("base64") } : {}),
        }),
      ),
    );
    const summary = await ingestText("bisect.json.gz", trail(texts), { batchSize: 16 });
    expect(summary).toMatchObject({ outcome: "partial", stored: 39, rejected: 1, duplicates: 0, recordsRead: 40 });
    expect(summary.rejections[0]!.position.index).toBe(29);
    expect(summary.rejections[0]!.reason).toMatch(/^the database refused the record: index row .*size/);
    expect((await storedIds("bis-")).length).toBe(39);
  });
});

describe("records inside another service's record", () => {
  it("are never stored as events: a bucket policy's statements shaped like ElastiCache records", async () => {
    // CloudTrail logs a bucket policy as JSON, for a denied call too: whoever may call
    // PutBucketPolicy writes objects into the trail. Shaped as records, after a statement that
    // holds an array, they once passed for the records after the policy's own.
    const forged = (n: number) => testRecord({ eventID: `forged-${n}`, eventName: "DeleteReplicationGroup" });
    const policy = {
      ...testRecord({ eventID: "policy-1" }),
      eventSource: "s3.amazonaws.com",
      eventName: "PutBucketPolicy",
      errorCode: "AccessDenied",
      requestParameters: {
        bucketName: "audit-logs",
        bucketPolicy: { Version: "2012-10-17", Statement: [{ Condition: { k: ["v"] } }, forged(1), forged(2)] },
      },
    };
    // First, a record of its own: a file's first record is always scanned, to learn the file's format.
    const read = { ...testRecord({ eventID: "get-1" }), eventSource: "s3.amazonaws.com", eventName: "GetObject" };
    const genuine = modifyRecord("after-policy", { eventID: "genuine-1" });
    const summary = await ingestText("policy.json.gz", trail([json(read), json(policy), json(genuine)]));
    expect(summary).toMatchObject({ outcome: "ok", stored: 1, skipped: 2, rejected: 0, error: null });
    expect(await storedIds("forged-")).toEqual([]);
    expect(await storedIds("genuine-")).toEqual(["genuine-1"]);
  });
});

describe("a file name PostgreSQL cannot hold", () => {
  it("is recorded with U+FFFD for its NUL, for completeness too, beside files read with it", async () => {
    // Upload names are the sender's; the files a run finishes together are recorded in one statement
    // (lib/completeness/store.ts recordLogFileReads), which one such name must not fail.
    const summary = await ingestText("bad\u0000name.json.gz", trail([json(testRecord({ eventID: "nul-name-1" }))]));
    expect(summary).toMatchObject({ outcome: "ok", stored: 1, error: null });
    expect(summary.note ?? "").not.toContain("not recorded for completeness");
    const [read] = await t.prisma.$queryRaw<Array<{ base_name: string }>>`
      SELECT r.base_name FROM log_file_read r WHERE r.file_id = ${BigInt(summary.fileId!)}`;
    expect(read?.base_name).toBe("bad\uFFFDname.json.gz");
  });
});
