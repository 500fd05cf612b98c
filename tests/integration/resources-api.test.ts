import { beforeAll, describe, expect, it } from "vitest";
import { GET as getResourcePage } from "@/app/api/resources/[account]/[region]/[kind]/[id]/route";
import { GET as getTimelinePage } from "@/app/api/resources/[account]/[region]/[kind]/[id]/timeline/route";
import { GET as getResources } from "@/app/api/resources/route";
import { setClientForTests } from "@/lib/db/client";
import { loadResourcePage, loadTimelinePage } from "@/lib/resources/queries";
import { ACCOUNT, REGION, record } from "@/tests/fixtures/resource-records";
import { parseTimelineParams } from "@/lib/resources/timeline-params";
import type { ResourceList, ResourcePageData, TimelinePage } from "@/lib/resources/types";
import { resourceApiUrl, resourceTimelineApiUrl } from "@/lib/urls";
import { testDatabaseWith } from "../helpers/database";
import { get, type ProblemBody } from "../helpers/routes";

// The resources API through its real route modules: the same answers as the page's queries,
// and a 400 naming the parameter for any value the page would quietly drop.

const ID = "api-001";
const KEY = { accountId: ACCOUNT, region: REGION, kind: "cache-cluster", resourceId: ID };
const PATH = { account: ACCOUNT, region: REGION, kind: "cache-cluster", id: ID };
const READS = 130;

function records(): unknown[] {
  const time = (minute: number) => new Date(Date.UTC(2025, 2, 1, 10, minute)).toISOString().replace(".000Z", "Z");
  return [
    record("CreateCacheCluster", time(0), { cacheClusterId: ID, engine: "redis", numCacheNodes: 1 }),
    ...Array.from({ length: READS }, (_, i) =>
      record("DescribeCacheClusters", time(i + 1), { cacheClusterId: ID }, null, { actor: "monitor", readOnly: true }),
    ),
  ];
}

const database = testDatabaseWith(records);
beforeAll(() => setClientForTests(database.prisma));

const json = async <T>(response: Response) => (await response.json()) as T;

async function expectProblem(response: Response, status: number, param: string): Promise<void> {
  expect(response.status).toBe(status);
  const body = await json<ProblemBody>(response);
  expect(body.error.status).toBe(status);
  expect(body.error.message).toContain(param);
  expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
}

describe("GET /api/resources", () => {
  it("lists the resources, with the request id in a header", async () => {
    const response = await get(getResources, "/api/resources?kind=cache-cluster");
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const list = await json<ResourceList>(response);
    expect(list.rows.map((r) => r.key)).toEqual([KEY]);
  });

  it("reads empty values as not set", async () => {
    const response = await get(getResources, "/api/resources?kind=&q=&page=&sort=");
    expect(response.status).toBe(200);
    expect((await json<ResourceList>(response)).total).toBe(1);
  });

  it.each([
    ["?kind=cluster", "kind"],
    ["?status=gone", "status"],
    ["?engine=oracle", "engine"],
    ["?sort=random", "sort"],
    ["?dir=up", "dir"],
    ["?page=0", "page"],
    ["?page=abc", "page"],
    ["?page=1.5", "page"],
    [`?q=${"x".repeat(201)}`, "q"],
    ["?knd=cache-cluster", "knd"],
  ])("rejects %s with a 400 that names the parameter", async (query, param) => {
    await expectProblem(await get(getResources, `/api/resources${query}`), 400, param);
  });
});

describe("GET /api/resources/:account/:region/:kind/:id", () => {
  it("answers what the page shows", async () => {
    const response = await get(getResourcePage, resourceApiUrl(KEY), PATH);
    expect(response.status).toBe(200);
    const expected = await loadResourcePage(database.prisma, KEY, parseTimelineParams({}));
    expect(await json<ResourcePageData>(response)).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it("answers 404 for a resource no event names, and 400 for an unknown kind", async () => {
    await expectProblem(
      await get(getResourcePage, resourceApiUrl({ ...KEY, resourceId: "nope" }), { ...PATH, id: "nope" }),
      404,
      "No event names this resource",
    );
    await expectProblem(await get(getResourcePage, "/api/resources/x", { ...PATH, kind: "cluster" }), 400, "kind");
  });

  it.each([
    ["order=sideways", "order"],
    ["reads=some", "reads"],
    ["from=yesterday", "from"],
    ["to=2025-02-30", "to"],
    ["day=2025-3-1", "day"],
    ["at=noon", "at"],
    ["accountReads=maybe", "accountReads"],
    ["utm_source=mail", "utm_source"],
    ["cursor=1740823260000_2", "cursor"],
  ])("rejects ?%s with a 400 that names the parameter", async (query, param) => {
    const response = await get(getResourcePage, resourceApiUrl(KEY, new URLSearchParams(query)), PATH);
    await expectProblem(response, 400, param);
  });
});

describe("GET /api/resources/:account/:region/:kind/:id/timeline", () => {
  it("pages through the timeline with the cursors it hands out", async () => {
    const params = parseTimelineParams({ reads: "all" });
    const first = await loadResourcePage(database.prisma, KEY, params);
    const cursor = first!.timeline.nextCursor!;
    expect(cursor).toMatch(/^\d+_\d+$/);
    const response = await get(
      getTimelinePage,
      resourceTimelineApiUrl(KEY, new URLSearchParams({ reads: "all", cursor })),
      PATH,
    );
    expect(response.status).toBe(200);
    const page = await json<TimelinePage>(response);
    const expected = await loadTimelinePage(database.prisma, KEY, params, cursor);
    expect(page).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(first!.timeline.items.length + page.items.length).toBe(READS + 1);
    expect(page.nextCursor).toBeNull();
  });

  it.each([
    ["not-a-cursor", "cursor"],
    // The timeline's former "<ms>.<id>" cursors are refused, not read as the first page.
    ["1740823260000.2", "cursor"],
    ["1740823260000_99999999999999999999", "cursor"],
  ])("rejects cursor=%s with a 400", async (cursor, param) => {
    const url = resourceTimelineApiUrl(KEY, new URLSearchParams({ reads: "all", cursor }));
    await expectProblem(await get(getTimelinePage, url, PATH), 400, param);
  });

  it("rejects the page's bad values too", async () => {
    const url = resourceTimelineApiUrl(KEY, new URLSearchParams({ order: "sideways", cursor: "1_1" }));
    await expectProblem(await get(getTimelinePage, url, PATH), 400, "order");
  });
});
