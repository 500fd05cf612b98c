import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getActorDetail } from "@/lib/actors/detail-queries";
import { actorBreakdownsFromEvents, actorCountsFromEvents, actorDetailFromEvents } from "@/lib/actors/direct-queries";
import { ACTOR_PAGE_SIZE, actorListQuerySchema, type ActorListParams } from "@/lib/actors/list-params";
import { listActors } from "@/lib/actors/queries";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { storeEvents } from "@/lib/ingest/store";
import { generateElastiCacheRecords } from "@/tools/corpus";
import { Rng } from "@/tools/corpus/prng";
import { at, modifyRecord, testRecord } from "@/tests/fixtures/event-records";
import { normalised } from "@/tests/fixtures/store-records";
import { IDENTITIES } from "@/tests/fixtures/user-identities";
import { rollupDifferences } from "../helpers/actor-rollups";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// The Actors counters (lib/rollups/actor-sql.ts) against the events they count, after an
// ingest, a re-ingest and concurrent overlapping ingests; then, property-style, every aggregate
// the Actors pages show for random filters against a direct count over `event`.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

/** Every identity type of the fixtures, in writes, reads and failures, across two days and accounts. */
function identityRecords() {
  return Object.values(IDENTITIES).flatMap((f, i) => [
    testRecord({ userIdentity: f.userIdentity, recipientAccountId: f.recipientAccountId, eventTime: at(i * 60) }),
    modifyRecord(`cluster-${i % 3}`, {
      userIdentity: f.userIdentity,
      recipientAccountId: i % 4 === 0 ? "444455556666" : f.recipientAccountId,
      eventTime: at(86_400 + i * 60),
      sourceIPAddress: i % 2 ? "198.51.100.7" : "203.0.113.10",
      userAgent: i % 3 ? "Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux lang/python#3.12" : "console.amazonaws.com",
    }),
    modifyRecord(`cluster-${i % 3}`, {
      userIdentity: f.userIdentity,
      recipientAccountId: f.recipientAccountId,
      eventTime: at(2 * 86_400 + i * 60),
      errorCode: i % 2 ? "AccessDenied" : "InvalidParameterCombination",
      errorMessage: "not allowed",
      responseElements: null,
    }),
  ]);
}

const corpus = generateElastiCacheRecords(2500, 11);
const fixtures = identityRecords();

async function storeInBatches(prisma: PrismaClient, records: readonly unknown[], size: number) {
  const events = normalised(records);
  let stored = 0;
  for (let i = 0; i < events.length; i += size)
    stored += (await storeEvents(prisma, events.slice(i, i + size), { runId: null, fileId: null })).stored;
  return stored;
}

async function rollupRowCounts(prisma: PrismaClient) {
  const [row] = await prisma.$queryRaw<Record<string, number>[]>`SELECT
    (SELECT count(*)::int FROM actor_source) AS sources, (SELECT count(*)::int FROM actor_activity) AS activity,
    (SELECT count(*)::int FROM actor_session) AS sessions, (SELECT count(*)::int FROM actor_resource) AS resources`;
  return row!;
}

describe("the actor rollups equal the events", () => {
  it("after an ingest", async () => {
    const stored = await storeInBatches(t.prisma, [...corpus.slice(0, 1500), ...fixtures], 300);
    expect(stored).toBe(new Set([...corpus.slice(0, 1500), ...fixtures].map((r) => r.eventID)).size);
    expect(await rollupDifferences(t.prisma)).toEqual([]);
    const counts = await rollupRowCounts(t.prisma);
    // Not vacuous: every rollup holds rows.
    expect(Object.values(counts).every((n) => n > 0)).toBe(true);
  });

  it("after re-ingesting the same records (nothing added)", async () => {
    const before = await rollupRowCounts(t.prisma);
    expect(await storeInBatches(t.prisma, [...corpus.slice(0, 1500), ...fixtures], 500)).toBe(0);
    expect(await rollupRowCounts(t.prisma)).toEqual(before);
    expect(await rollupDifferences(t.prisma)).toEqual([]);
  });

  it("after concurrent overlapping ingests", async () => {
    const a = corpus.slice(1000, 2200);
    const b = corpus.slice(1600, 2500);
    const [sa, sb] = await Promise.all([storeInBatches(t.prisma, a, 100), storeInBatches(t.prisma, b, 150)]);
    expect(sa + sb).toBe(new Set(corpus.slice(1500).map((r) => r.eventID)).size);
    expect(await rollupDifferences(t.prisma)).toEqual([]);
  });
});

describe("every Actors aggregate equals a direct count over the events, for random filters", () => {
  const rng = new Rng(20261204);
  const pick = <T>(values: readonly T[]): T => values[rng.int(values.length)]!;

  async function randomFilters(): Promise<ActorListParams> {
    const actors = await t.prisma.actor.findMany({
      select: { type: true, accountId: true, sessionIssuerArn: true, name: true },
    });
    const some = pick(actors);
    const maybe = <T>(value: T) => (rng.int(3) === 0 ? value : undefined);
    return actorListQuerySchema.parse({
      type: maybe(some.type),
      account: maybe(some.accountId ?? undefined),
      failures: maybe(pick(["yes", "no"])),
      issuer: maybe(some.sessionIssuerArn ?? undefined),
      q: maybe(some.name.slice(0, 1 + rng.int(4))),
      sort: pick(["events", "writes", "failures", "lastSeen", "firstSeen", "name"]),
    });
  }

  it("the table's rows and counters, over all pages", async () => {
    let compared = 0;
    for (let round = 0; round < 25; round++) {
      const filters = await randomFilters();
      const direct = await actorCountsFromEvents(t.prisma, filters);
      const listed = [];
      for (let page = 1; ; page++) {
        const list = await listActors(t.prisma, { ...filters, page });
        expect(list.total).toBe(direct.length);
        listed.push(...list.rows);
        if (page >= list.pageCount) break;
      }
      expect(listed.length).toBe(direct.length);
      const byKey = listed
        .map((r) => ({
          key: r.key,
          events: r.eventCount,
          writes: r.writeCount,
          failures: r.failureCount,
          firstSeen: r.firstSeen,
          lastSeen: r.lastSeen,
          sourceIps: r.sourceIpCount,
          userAgents: r.userAgentCount,
        }))
        .sort((x, y) => (x.key < y.key ? -1 : 1));
      expect(byKey).toEqual([...direct].sort((x, y) => (x.key < y.key ? -1 : 1)));
      compared += direct.length;
    }
    expect(compared).toBeGreaterThan(ACTOR_PAGE_SIZE);
  });

  it("the breakdowns", async () => {
    for (let round = 0; round < 25; round++) {
      const filters = await randomFilters();
      const [{ breakdowns }, direct] = await Promise.all([
        listActors(t.prisma, filters),
        actorBreakdownsFromEvents(t.prisma, filters),
      ]);
      expect(breakdowns.byType).toEqual(direct.byType);
      expect(breakdowns.byAgent).toEqual(direct.byAgent);
      expect(breakdowns.bySourceIp).toEqual(direct.bySourceIp);
      expect(
        breakdowns.byIssuer.map(({ issuerArn, principals, events }) => ({ issuerArn, principals, events })),
      ).toEqual(direct.byIssuer);
    }
  });

  it("each actor's page", async () => {
    const keys = (await t.prisma.actor.findMany({ select: { key: true }, orderBy: { key: "asc" } })).map((a) => a.key);
    const sample = keys.filter((_, i) => i % 5 === 0);
    for (const key of sample) {
      const [detail, direct] = await Promise.all([getActorDetail(t.prisma, key), actorDetailFromEvents(t.prisma, key)]);
      const d = detail!;
      const byName = <T extends { eventName: string }>(a: T, b: T) => a.eventName.localeCompare(b.eventName);
      expect(d.operations.map(({ lastSeen: _l, ...o }) => o).sort(byName)).toEqual([...direct.operations].sort(byName));
      expect(d.failures.map(({ eventName, errorCode, events }) => ({ eventName, errorCode, events }))).toEqual(
        expect.arrayContaining(direct.failures),
      );
      expect(d.failures.length).toBe(direct.failures.length);
      expect(d.accounts.map(({ accountId, events }) => ({ accountId, events }))).toEqual(direct.accounts);
      expect(d.resourceCount).toBe(direct.resources.length);
      const resourceOrder = (r: { accountId: string; region: string; kind: string; resourceId: string }) =>
        [r.accountId, r.region, r.kind, r.resourceId].join("\u0000");
      expect(
        d.resources
          .map((r) => ({ ...r.resource, events: r.events, writes: r.writes }))
          .sort((a, b) => (resourceOrder(a) < resourceOrder(b) ? -1 : 1)),
      ).toEqual(direct.resources);
      expect(d.sourceIps.map(({ sourceIp, events, firstSeen }) => ({ sourceIp, events, firstSeen }))).toEqual(
        direct.sourceIps,
      );
      const bySession = <T extends { createdAt: string | null; mfa: boolean | null }>(a: T, b: T) =>
        `${a.createdAt}|${a.mfa}`.localeCompare(`${b.createdAt}|${b.mfa}`);
      expect(d.sessions.map(({ createdAt, mfa, events }) => ({ createdAt, mfa, events })).sort(bySession)).toEqual(
        [...direct.sessions].sort(bySession),
      );
      const days = d.activity.points.filter((p) => p.events > 0).map((p) => ({ day: p.start, events: p.events }));
      expect(d.activity.bucket).toBe("day");
      expect(days).toEqual(direct.days);
      expect(d.actor.eventCount).toBe(direct.days.reduce((n, x) => n + x.events, 0));
    }
    expect(sample.length).toBeGreaterThan(10);
  });
});
