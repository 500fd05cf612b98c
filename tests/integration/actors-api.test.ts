import { describe, expect, it, beforeAll } from "vitest";
import * as actorRoute from "@/app/api/actors/[key]/route";
import * as actorsRoute from "@/app/api/actors/route";
import { actorDetailSchema, actorListSchema } from "@/lib/actors/types";
import { setClientForTests } from "@/lib/db/client";
import { problemBodySchema } from "@/lib/api/problem";
import { actorApiUrl } from "@/lib/urls";
import { at, modifyRecord, testRecord } from "@/tests/fixtures/event-records";
import { IDENTITIES } from "@/tests/fixtures/user-identities";
import { testDatabaseWith } from "../helpers/database";
import { get } from "../helpers/routes";

const role = IDENTITIES.assumedRole;
const roleKey = "AssumedRole|arn|arn:aws:sts::123456789012:assumed-role/RoleToBeAssumed/MySessionName";

const t = testDatabaseWith(() => [
  testRecord({ userIdentity: role.userIdentity, recipientAccountId: role.recipientAccountId, eventTime: at(0) }),
  modifyRecord("orders-001", {
    userIdentity: role.userIdentity,
    recipientAccountId: role.recipientAccountId,
    eventTime: at(3600),
  }),
  modifyRecord("orders-001", {
    userIdentity: role.userIdentity,
    recipientAccountId: role.recipientAccountId,
    eventTime: at(7200),
    errorCode: "AccessDenied",
    errorMessage: "not authorized",
    responseElements: null,
  }),
  testRecord({
    userIdentity: IDENTITIES.awsService.userIdentity,
    eventTime: at(60),
    sourceIPAddress: "elasticache.amazonaws.com",
  }),
]);

beforeAll(() => setClientForTests(t.prisma));

/** The route's [key] segment as Next.js hands it over: the path segment of actorUrl, still encoded. */
const segment = (key: string) => actorApiUrl(key).slice("/api/actors/".length);

describe("GET /api/actors", () => {
  it("lists the actors with their counters, busiest first", async () => {
    const res = await get(actorsRoute.GET, "/api/actors");
    expect(res.status).toBe(200);
    const body = actorListSchema.parse(await res.json());
    expect(body.total).toBe(2);
    expect(body.rows.map((r) => [r.key, r.eventCount, r.writeCount, r.failureCount])).toEqual([
      [roleKey, 3, 2, 1],
      ["AWSService|service|elasticache.amazonaws.com", 1, 0, 0],
    ]);
    expect(body.breakdowns.byIssuer).toEqual([
      {
        issuerArn: "arn:aws:iam::123456789012:role/RoleToBeAssumed",
        issuerName: "RoleToBeAssumed",
        principals: 1,
        events: 3,
        top: [{ key: roleKey, name: "RoleToBeAssumed/MySessionName", events: 3 }],
      },
    ]);
  });

  it("filters by type, account and failures", async () => {
    const res = await get(actorsRoute.GET, "/api/actors?type=AWSService");
    expect(actorListSchema.parse(await res.json()).rows.map((r) => r.key)).toEqual([
      "AWSService|service|elasticache.amazonaws.com",
    ]);
    const failing = actorListSchema.parse(await (await get(actorsRoute.GET, "/api/actors?failures=yes")).json());
    expect(failing.rows.map((r) => r.key)).toEqual([roleKey]);
    const other = actorListSchema.parse(await (await get(actorsRoute.GET, "/api/actors?account=111122223333")).json());
    expect(other.total).toBe(0);
  });

  it("answers 400 naming a bad or unknown parameter", async () => {
    for (const [query, param] of [
      ["sort=loudest", "sort"],
      ["account=12", "account"],
      ["failures=maybe", "failures"],
      ["page=0", "page"],
      ["colour=blue", "colour"],
    ] as const) {
      const res = await get(actorsRoute.GET, `/api/actors?${query}`);
      expect(res.status).toBe(400);
      expect(problemBodySchema.parse(await res.json()).error.message).toContain(param);
    }
  });
});

describe("GET /api/actors/:key", () => {
  it("answers one actor's page, the key percent-encoded as actorUrl writes it", async () => {
    const res = await get(actorRoute.GET, actorApiUrl(roleKey), { key: segment(roleKey) });
    expect(res.status).toBe(200);
    const d = actorDetailSchema.parse(await res.json());
    expect(d.actor.key).toBe(roleKey);
    expect(d.operations.map((o) => [o.eventName, o.events, o.failures])).toEqual([
      ["ModifyCacheCluster", 2, 1],
      ["DescribeCacheClusters", 1, 0],
    ]);
    expect(d.failures.map((f) => [f.eventName, f.errorCode, f.events])).toEqual([
      ["ModifyCacheCluster", "AccessDenied", 1],
    ]);
    expect(d.resources.map((r) => [r.resource.resourceId, r.events, r.writes])).toEqual([["orders-001", 2, 2]]);
    expect(d.sessions).toEqual([
      {
        createdAt: "2026-11-02T01:06:28Z",
        mfa: false,
        events: 3,
        firstSeen: "2025-01-01T00:00:00.000Z",
        lastSeen: "2025-01-01T02:00:00.000Z",
      },
    ]);
    expect(d.activity).toEqual({
      bucket: "day",
      points: [{ start: "2025-01-01", events: 3, writes: 2, failures: 1 }],
    });
  });

  it("also takes the key already decoded", async () => {
    const res = await get(actorRoute.GET, actorApiUrl(roleKey), { key: roleKey });
    expect(actorDetailSchema.parse(await res.json()).actor.key).toBe(roleKey);
  });

  it("answers 404 for a key nobody has, and 400 for a query parameter", async () => {
    expect((await get(actorRoute.GET, "/api/actors/nobody", { key: "nobody" })).status).toBe(404);
    const res = await get(actorRoute.GET, `${actorApiUrl(roleKey)}?x=1`, { key: segment(roleKey) });
    expect(res.status).toBe(400);
  });
});
