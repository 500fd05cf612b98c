import { readFile } from "node:fs/promises";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/events/[eventId]/route";
import { JsonTree } from "@/components/events/detail/json-tree";
import { setClientForTests } from "@/lib/db/client";
import { getEvent, getRelatedEvents } from "@/lib/events/detail";
import { requestedChanges } from "@/lib/events/requested-changes";
import { eventSentence, eventTitle } from "@/lib/events/summary";
import { at, iamUser, modifyRecord, testRecord, type TestRecord } from "@/tests/fixtures/event-records";
import { storeRecords } from "@/tests/fixtures/store-records";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { get } from "../helpers/routes";

// The event page's data: one event by eventID, the events related to it, what a Modify
// asked for against what its response reports, and record strings kept as inert text.

let t: TestDatabase;
const SEED = ["create-cache-cluster", "describe-cache-clusters", "modify-cache-cluster"];
const MODIFY_ID = "e9163565-376f-4223-96e9-9f50528da645";
const DESCRIBE_ID = "a58572a8-e81b-4100-8e00-1797ed19d172";
const XSS = {
  script: "<script>window.__xss = 1</script>",
  img: '"><img src=x onerror="window.__xss=2">',
  svg: "<svg/onload=alert(3)>",
};

beforeAll(async () => {
  t = await createTestDatabase();
  setClientForTests(t.prisma);
  const seeds = await Promise.all(
    SEED.map(async (name) => JSON.parse(await readFile(`tests/fixtures/seed/${name}.json`, "utf8")) as TestRecord),
  );
  await storeRecords(t.prisma, seeds);
  await storeRecords(t.prisma, [
    // Two records of one request (CloudTrail logs some calls once per region or service).
    modifyRecord("orders-cache", { eventID: "req-a", requestID: "shared-request", eventTime: at(3600) }),
    testRecord({ eventID: "req-b", requestID: "shared-request", eventTime: at(3601) }),
    // Around req-a on orders-cache, and alice's other calls within (and beyond) an hour.
    modifyRecord("orders-cache", { eventID: "orders-before", eventTime: at(1800) }),
    modifyRecord("orders-cache", { eventID: "orders-after", eventTime: at(5000) }),
    testRecord({ eventID: "alice-far", eventTime: at(7300) }),
    testRecord({ eventID: "bob-near", eventTime: at(3700), userIdentity: iamUser("bob") }),
    testRecord({
      eventID: "xss-event",
      eventTime: at(9000),
      eventName: "ModifyCacheCluster",
      readOnly: false,
      userAgent: XSS.img,
      userIdentity: iamUser(XSS.svg),
      errorCode: "InvalidParameterValue",
      errorMessage: XSS.script,
      requestParameters: { cacheClusterId: XSS.script, [XSS.svg]: XSS.img },
    }),
  ]);
});
afterAll(async () => {
  await t.drop();
});

describe("getEvent", () => {
  it("returns the seed ModifyCacheCluster with who, what, when, where and its resources", async () => {
    const found = await getEvent(t.prisma, MODIFY_ID);
    expect(found?.detail).toMatchObject({
      eventId: MODIFY_ID,
      eventTime: "2014-12-01T22:32:21.000Z",
      eventName: "ModifyCacheCluster",
      readOnly: false,
      errorCode: null,
      awsRegion: "us-west-2",
      accountId: "123456789012",
      requestId: "807f4bc3-354c-11e4-9376-c1d979ba565a",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      userAgentFamily: "aws-cli",
      actor: { name: "elasticache-allow", type: "IAMUser", arn: "arn:aws:iam::123456789012:user/elasticache-allow" },
    });
    expect(found?.detail.resources[0]).toEqual({
      kind: "cache-cluster",
      resourceId: "test-memcached",
      accountId: "123456789012",
      region: "us-west-2",
      role: "target",
    });
    expect(found?.detail.record.requestParameters).toEqual({
      applyImmediately: true,
      numCacheNodes: 3,
      cacheClusterId: "test-memcached",
    });
  });

  it("keeps a Describe's null responseElements as null", async () => {
    const found = await getEvent(t.prisma, DESCRIBE_ID);
    expect(found?.detail.record.responseElements).toBeNull();
    expect(found?.detail.readOnly).toBe(true);
  });

  it("returns null for an unknown id", async () => {
    expect(await getEvent(t.prisma, "no-such-event")).toBeNull();
  });

  it("describes the event for titles and meta tags", async () => {
    const found = await getEvent(t.prisma, MODIFY_ID);
    expect(eventTitle(found!.detail)).toBe(
      "ModifyCacheCluster on test-memcached by elasticache-allow — 2014-12-01 22:32 UTC",
    );
    expect(eventSentence(found!.detail)).toBe(
      "elasticache-allow (IAMUser) called ModifyCacheCluster on cache cluster test-memcached in us-west-2 " +
        "(account 123456789012); it succeeded.",
    );
  });
});

describe("requestedChanges", () => {
  it("shows the seed's numCacheNodes request as 2 → 3 pending", async () => {
    const found = await getEvent(t.prisma, MODIFY_ID);
    expect(requestedChanges(found!.detail)).toEqual([
      {
        field: "numCacheNodes",
        requested: 3,
        reported: 2,
        pending: 3,
        status: "pending",
        note: "apply immediately",
        summary: "2 → 3 pending",
      },
    ]);
  });

  it("has nothing to compare for reads, creates and failures", async () => {
    for (const id of [DESCRIBE_ID, "92762127-7a68-42ce-8787-927d2174cde1", "xss-event"]) {
      expect(requestedChanges((await getEvent(t.prisma, id))!.detail)).toBeNull();
    }
  });
});

describe("getRelatedEvents", () => {
  it("finds the same request, the neighbours on each resource, and the actor's calls within an hour", async () => {
    const found = await getEvent(t.prisma, "req-a");
    const related = await getRelatedEvents(t.prisma, found!.anchor);
    expect(related.sameRequest.map((e) => e.eventId)).toEqual(["req-b"]);
    expect(related.onResources).toHaveLength(1);
    expect(related.onResources[0]).toMatchObject({
      resource: { kind: "cache-cluster", resourceId: "orders-cache" },
      previous: { eventId: "orders-before", eventName: "ModifyCacheCluster", actorName: "alice" },
      next: { eventId: "orders-after" },
    });
    // alice-far is more than an hour after, bob-near is someone else.
    expect(related.sameActor.map((e) => e.eventId)).toEqual(["orders-before", "req-b", "orders-after"]);
  });

  it("has no neighbours at either end of a resource's timeline", async () => {
    const create = await getEvent(t.prisma, "92762127-7a68-42ce-8787-927d2174cde1");
    const related = await getRelatedEvents(t.prisma, create!.anchor);
    const cluster = related.onResources.find((n) => n.resource.kind === "cache-cluster");
    expect(cluster?.previous).toBeNull();
    expect(cluster?.next?.eventId).toBe(MODIFY_ID);
  });
});

describe("attacker-controlled strings", () => {
  it("come back verbatim, as data", async () => {
    const found = await getEvent(t.prisma, "xss-event");
    expect(found?.detail.errorMessage).toBe(XSS.script);
    expect(found?.detail.userAgent).toBe(XSS.img);
    expect(found?.detail.actor.name).toBe(XSS.svg);
    expect(found?.detail.resources[0]?.resourceId).toBe(XSS.script);
    expect(eventTitle(found!.detail)).toContain(XSS.script);
  });

  it("render in the JSON tree as escaped text, never as markup", async () => {
    const found = await getEvent(t.prisma, "xss-event");
    const html = renderToStaticMarkup(createElement(JsonTree, { value: found!.detail.record, label: "Record" }));
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<svg");
    expect(html).toContain("&lt;script&gt;window.__xss = 1&lt;/script&gt;");
    expect(html).toContain("&lt;svg/onload=alert(3)&gt;: "); // a key, too
  });
});

describe("GET /api/events/:eventId", () => {
  const call = (eventId: string) => get(GET, `/api/events/${encodeURIComponent(eventId)}`, { eventId });

  it("answers the event, related events and requested changes", async () => {
    const response = await call(MODIFY_ID);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      event: { eventId: string };
      related: unknown;
      requestedChanges: { summary: string }[];
    };
    expect(body.event.eventId).toBe(MODIFY_ID);
    expect(body.requestedChanges.map((c) => c.summary)).toEqual(["2 → 3 pending"]);
  });

  it("answers 404 with a message for an unknown id, and 400 for an impossible one", async () => {
    const missing = await call("no-such-event");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain("no-such-event");
    expect((await call("x".repeat(600))).status).toBe(400);
  });
});
