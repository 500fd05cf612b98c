import { describe, expect, it } from "vitest";
import { mergeAccountReads } from "@/lib/resources/day-groups";
import { accountWideReads, findResource, loadResourcePage, loadTimelinePage } from "@/lib/resources/queries";
import { parseTimelineParams, type TimelineParams } from "@/lib/resources/timeline-params";
import type { AccountReadsView, TimelineItem } from "@/lib/resources/types";
import { ACCOUNT, REGION, record } from "@/tests/fixtures/resource-records";
import { testDatabaseWith } from "../helpers/database";

// A cluster seen for two days, polled by name every ten minutes (its own reads: enough rows
// for three timeline pages with every read shown), in an account where a poller also lists
// every cluster each hour without naming one — as do pollers of another account and region,
// and the account's poller after the cluster was last seen.
const ID = "ar-001";
const KEY = { accountId: ACCOUNT, region: REGION, kind: "cache-cluster", resourceId: ID };
const GONE = { accountId: ACCOUNT, region: REGION, kind: "cache-cluster", resourceId: "ar-gone" };
const iso = (day: number, hh: number, mm: number) =>
  `2025-05-0${day}T${String(hh).padStart(2, "0")}:${String(mm).padStart(2, "0")}:00.000Z`;

const listing = (time: string, opts: { account?: string; region?: string } = {}) =>
  record("DescribeCacheClusters", time, { showCacheNodeInfo: true }, null, {
    actor: "poller",
    readOnly: true,
    ...opts,
  });

/** The account-wide calls of the cluster's account and region while it was seen. */
const expected: string[] = [];
/** Every DescribeCacheClusters call, all accounts, newest first. */
const allListingTimes: string[] = [];

function records(): unknown[] {
  const out: unknown[] = [];
  out.push(
    record("CreateCacheCluster", iso(1, 0, 0), { cacheClusterId: ID, engine: "redis", numCacheNodes: 1 }, null, {
      actor: "alice",
    }),
  );
  for (let i = 0; i < 250; i++) {
    const t = iso(1 + Math.floor(i / 144), Math.floor((i % 144) / 6), (i % 6) * 10 + 5);
    out.push(record("DescribeCacheClusters", t, { cacheClusterId: ID }, null, { actor: "monitor", readOnly: true }));
    allListingTimes.push(t);
  }
  out.push(
    record("ModifyCacheCluster", iso(2, 23, 0), { cacheClusterId: ID, numCacheNodes: 2 }, null, { actor: "alice" }),
  );
  // Another cluster, deleted at noon on day 1; a call naming it on day 3 fails, so it is still "seen" then.
  out.push(
    record(
      "CreateCacheCluster",
      iso(1, 0, 0),
      { cacheClusterId: GONE.resourceId, engine: "redis", numCacheNodes: 1 },
      null,
      { actor: "alice" },
    ),
  );
  out.push(record("DeleteCacheCluster", iso(1, 12, 0), { cacheClusterId: GONE.resourceId }, null, { actor: "alice" }));
  out.push(
    record("DescribeCacheClusters", iso(3, 9, 0), { cacheClusterId: GONE.resourceId }, null, {
      actor: "monitor",
      readOnly: true,
      error: "CacheClusterNotFound",
    }),
  );
  for (let day = 1; day <= 3; day++) {
    for (let hh = 0; hh < 24; hh++) {
      const t = iso(day, hh, 30);
      out.push(listing(t), listing(t, { account: "999999999999" }), listing(t, { region: "us-east-2" }));
      allListingTimes.push(t, t, t);
      if (t < iso(2, 23, 0)) expected.push(t);
    }
  }
  allListingTimes.sort().reverse();
  return out;
}

const database = testDatabaseWith(records);

async function everyPage(
  params: TimelineParams,
): Promise<{ items: TimelineItem[]; views: (AccountReadsView | null)[] }> {
  const first = await loadResourcePage(database.prisma, KEY, params);
  const items = [...first!.timeline.items];
  const views = [first!.timeline.accountReads];
  let cursor = first!.timeline.nextCursor;
  while (cursor) {
    const next = await loadTimelinePage(database.prisma, KEY, params, cursor);
    items.push(...next!.items);
    views.push(next!.accountReads);
    cursor = next!.nextCursor;
  }
  return { items, views };
}

const perDay = (view: AccountReadsView | null) => Object.fromEntries((view?.lanes ?? []).map((l) => [l.day, l.count]));

describe("account-wide reads on a resource's timeline", () => {
  it("counts only the account's and region's unnamed listings, while the cluster was seen", async () => {
    const page = await loadResourcePage(database.prisma, KEY, parseTimelineParams({}));
    expect(page!.timeline.items.map((i) => i.eventName)).toEqual(["ModifyCacheCluster", "CreateCacheCluster"]);
    const view = page!.timeline.accountReads!;
    expect(perDay(view)).toEqual({ "2025-05-01": 24, "2025-05-02": 23 });
    expect(view.lanes.every((l) => l.scope === "account" && l.actor.name === "poller")).toBe(true);
    expect(view.searched).toEqual({ start: iso(1, 0, 0), end: "2025-05-02T23:00:00.001Z" });
    expect(view.truncated).toBe(false);
  });

  for (const order of ["newest", "oldest"] as const) {
    it(`looks each page's own period up, the pages adding up to the whole, ${order} first`, async () => {
      const { items, views } = await everyPage(parseTimelineParams({ reads: "all", order }));
      expect(views).toHaveLength(3);
      expect(items).toHaveLength(252);
      // Every page searched only its own period: together they count each call once.
      const counted = views.flatMap((v) => v!.lanes).reduce((n, l) => n + l.count, 0);
      expect(counted).toBe(expected.length);
      const spans = views.map((v) => v!.searched!);
      for (let i = 1; i < spans.length; i++) {
        if (order === "newest") expect(spans[i]!.end).toBe(spans[i - 1]!.start);
        else expect(spans[i]!.start).toBe(spans[i - 1]!.end);
      }
      // The first page's period ends (or begins) at its last event.
      const firstPageLast = items[99]!.eventTime;
      if (order === "newest") expect(spans[0]!.start).toBe(firstPageLast);
      else expect(spans[0]!.end).toBe(new Date(Date.parse(firstPageLast) + 1).toISOString());
      expect(perDay(mergeAccountReads(views))).toEqual({ "2025-05-01": 24, "2025-05-02": 23 });
    });
  }

  it("stops the index walk after the scan limit and says which part it searched", async () => {
    const resource = (await findResource(database.prisma, KEY))!;
    const span = { start: new Date(iso(1, 0, 0)), end: new Date("2025-05-02T23:00:00.001Z") };
    const limit = 40;
    const view = (await accountWideReads(database.prisma, resource, span, "newest", limit))!;
    expect(view.truncated).toBe(true);
    // The walk read the `limit` newest listings of all accounts in the span, and left out its last instant.
    const inSpan = allListingTimes.filter((t) => t < "2025-05-02T23:00:00.001Z");
    const edge = inSpan[limit - 1]!;
    expect(view.searched).toEqual({ start: new Date(Date.parse(edge) + 1).toISOString(), end: span.end.toISOString() });
    const counted = view.lanes.reduce((n, l) => n + l.count, 0);
    expect(counted).toBe(expected.filter((t) => t > edge).length);
    expect(counted).toBe(8);

    const untruncated = (await accountWideReads(database.prisma, resource, span, "newest"))!;
    expect(untruncated.truncated).toBe(false);
    expect(untruncated.lanes.reduce((n, l) => n + l.count, 0)).toBe(expected.length);
  });

  it("is not looked up at all when hidden", async () => {
    const page = await loadResourcePage(database.prisma, KEY, parseTimelineParams({ accountReads: "hide" }));
    expect(page!.timeline.accountReads).toBeNull();
  });
});

describe("account-wide reads of a deleted cluster", () => {
  it("stop at its deletion, though a later failed call still names it", async () => {
    const page = await loadResourcePage(database.prisma, GONE, parseTimelineParams({}));
    expect(page!.resource.lastSeen).toBe(iso(3, 9, 0));
    // The account's poller lists every cluster at half past each hour: twelve times before noon on day 1.
    expect(perDay(page!.timeline.accountReads)).toEqual({ "2025-05-01": 12 });
    expect(page!.timeline.accountReads!.searched).toEqual({ start: iso(1, 0, 0), end: "2025-05-01T12:00:00.001Z" });
  });
});
