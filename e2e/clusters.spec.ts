import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ingestWithCli, SEED_RECORDS } from "./support/seed";

// The ElastiCache guide's three records: test-memcached created, described (a Describe that
// names no cluster), then resized 2 → 3 nodes.
test.beforeAll(() => ingestWithCli(SEED_RECORDS, writePolledCluster(), writePagedCluster()));

/** A record of an ElastiCache call in 210987654321/eu-west-1 by `identity`. */
function callRecord(identity: Record<string, string>, id: string, time: string, fields: Record<string, unknown>) {
  return {
    eventVersion: "1.09",
    eventTime: time,
    eventSource: "elasticache.amazonaws.com",
    awsRegion: "eu-west-1",
    sourceIPAddress: "192.0.2.7",
    userAgent: "aws-cli/2.15.0",
    userIdentity: identity,
    requestID: `req-${id}`,
    eventID: id,
    eventType: "AwsApiCall",
    recipientAccountId: "210987654321",
    responseElements: null,
    ...fields,
  };
}

function writeFixture(name: string, records: unknown[]): string {
  const dir = "test-results/clusters-fixtures";
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify({ Records: records }));
  return file;
}

/** e2e-polled: created, then described three times by a monitoring role that names it. */
function writePolledCluster(): string {
  const poller = {
    type: "IAMUser",
    principalId: "AIDAE2EPOLLER",
    arn: "arn:aws:iam::210987654321:user/e2e-poller",
    accountId: "210987654321",
    userName: "e2e-poller",
  };
  const describe = (n: number) =>
    callRecord(poller, `e2e-poll-${n}`, `2025-07-01T1${n}:00:00Z`, {
      eventName: "DescribeCacheClusters",
      readOnly: true,
      requestParameters: { cacheClusterId: "e2e-polled" },
    });
  return writeFixture("polled-cluster.json", [
    callRecord(poller, "e2e-poll-create", "2025-07-01T09:00:00Z", {
      eventName: "CreateCacheCluster",
      readOnly: false,
      requestParameters: {
        cacheClusterId: "e2e-polled",
        engine: "redis",
        cacheNodeType: "cache.t3.micro",
        numCacheNodes: 1,
      },
    }),
    describe(1),
    describe(2),
    describe(3),
  ]);
}

/** e2e-paged: created, then described 110 times: with every read a row, more than one timeline page (100). */
function writePagedCluster(): string {
  const pager = { type: "IAMUser", arn: "arn:aws:iam::210987654321:user/e2e-pager", accountId: "210987654321" };
  const minute = (n: number) => new Date(Date.UTC(2025, 7, 1, 8, n)).toISOString().replace(".000Z", "Z");
  return writeFixture("paged-cluster.json", [
    callRecord(pager, "e2e-paged-create", minute(0), {
      eventName: "CreateCacheCluster",
      readOnly: false,
      requestParameters: { cacheClusterId: "e2e-paged", engine: "redis", numCacheNodes: 1 },
    }),
    ...Array.from({ length: 110 }, (_, i) =>
      callRecord(pager, `e2e-paged-read-${i + 1}`, minute(i + 1), {
        eventName: "DescribeCacheClusters",
        readOnly: true,
        requestParameters: { cacheClusterId: "e2e-paged" },
      }),
    ),
  ]);
}

test("test-memcached: from the clusters list to its reconstructed history", async ({ page }) => {
  await page.goto("/clusters");
  await page
    .getByRole("navigation", { name: "Resource kinds" })
    .getByRole("link", { name: /Cache clusters/ })
    .click();
  await expect(page).toHaveURL(/\/clusters\?kind=cache-cluster$/);
  await page.getByRole("searchbox", { name: "Search by id" }).fill("memc");
  await page.getByRole("searchbox", { name: "Search by id" }).press("Enter");
  await expect(page).toHaveURL(/q=memc/);
  const row = page.getByRole("row").filter({ hasText: "test-memcached" });
  await expect(row).toContainText("memcached 1.4.14");
  await expect(row).toContainText("live");
  await expect(row).toContainText("123456789012");
  await expect(row.getByRole("link", { name: "elasticache-allow" })).toHaveAttribute("href", /^\/actors\//);

  await row.getByRole("link", { name: "test-memcached" }).click();
  await expect(page).toHaveURL(/\/clusters\/123456789012\/us-west-2\/cache-cluster\/test-memcached$/);
  await expect(page.getByRole("heading", { level: 1, name: "test-memcached" })).toBeVisible();
  await expect(page.getByText("memcached 1.4.14 · 2 × cache.m1.small · cross-az · default.memcached1.4")).toBeVisible();
  const lifecycles = page.getByRole("list", { name: "Lifecycles" });
  await expect(lifecycles).toContainText("Created by elasticache-allow at 2014-12-01 22:00:35 UTC");

  // Newest first: the resize, pending, then the creation. Each row links to its event page.
  const items = page.getByTestId("timeline-item");
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText("ModifyCacheCluster");
  await expect(items.nth(0)).toContainText("2014-12-01 22:32:21 UTC");
  await expect(items.nth(0)).toContainText("numCacheNodes 2 → 3 (pending, apply immediately)");
  await expect(items.nth(0).getByRole("link", { name: "ModifyCacheCluster" })).toHaveAttribute(
    "href",
    "/events/e9163565-376f-4223-96e9-9f50528da645",
  );
  await expect(items.nth(1)).toContainText("CreateCacheCluster");
  await expect(items.nth(1)).toContainText("numCacheNodes set to 2");
  // The guide's Describe names no cluster: the ingest linked it to none, so no read lane of the cluster…
  await expect(page.getByTestId("read-lane")).toHaveCount(0);

  // …but it is shown apart, as an account-wide read that may have listed it, and can be hidden.
  const lane = page.getByTestId("account-read-lane");
  await expect(lane).toContainText("DescribeCacheClusters × 1 by elasticache-allow");
  await expect(lane).toContainText("account-wide, not linked");
  await expect(page.getByTestId("account-reads-note")).toContainText("calls that named no cache cluster");
  await page.getByRole("link", { name: "Hide account-wide reads" }).click();
  await expect(page).toHaveURL(/accountReads=hide/);
  await expect(lane).toHaveCount(0);
  await page.getByRole("link", { name: "Show account-wide reads" }).click();
  await expect(page).not.toHaveURL(/accountReads/);
  await expect(lane).toHaveCount(1);

  // Oldest first: created, the collapsed Describe at 22:01, then the resize.
  await page.getByRole("link", { name: "Oldest first" }).click();
  await expect(page).toHaveURL(/order=oldest/);
  const rows = page.locator('[data-testid="timeline-item"], [data-testid="account-read-lane"]');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText("CreateCacheCluster");
  await expect(rows.nth(1)).toContainText("DescribeCacheClusters × 1 by elasticache-allow");
  await expect(rows.nth(1)).toContainText("2014-12-01 22:01:00 UTC");
  await expect(rows.nth(2)).toContainText("ModifyCacheCluster");

  await expect(page.getByRole("heading", { name: "Current known configuration" })).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "test-results/clusters-test-memcached.png", fullPage: true });

  // The configuration right after the creation: 2 nodes, nothing pending yet.
  await items.nth(0).getByRole("link", { name: "configuration after this" }).click();
  await expect(page).toHaveURL(/at=2014-12-01T22%3A00%3A35\.000Z/);
  await expect(page.getByRole("heading", { name: "Configuration as of 2014-12-01 22:00:35 UTC" })).toBeVisible();
  const configuration = page.getByRole("region", { name: /Configuration as of/ });
  await expect(configuration.getByText("→ 3 pending")).toHaveCount(0);
  await expect(configuration).toContainText("numCacheNodes 2 → 3 (pending)");
  await page.getByRole("link", { name: "Show latest" }).click();
  await expect(
    page.getByRole("region", { name: "Current known configuration" }).getByText("→ 3 pending"),
  ).toBeVisible();

  // A day picked in the activity chart filters the timeline to it.
  await page.getByTestId("activity-chart").locator("path.recharts-rectangle").first().click();
  await expect(page).toHaveURL(/day=2014-12-01/);
  await expect(page.getByText("Day 2014-12-01 (UTC)")).toBeVisible();
});

test("the list filters by engine and status, in the URL", async ({ page }) => {
  await page.goto("/clusters?kind=cache-cluster");
  await page.getByRole("combobox", { name: "Engine" }).selectOption("memcached");
  await expect(page).toHaveURL(/\/clusters\?kind=cache-cluster&engine=memcached$/);
  // Summaries follow an ingest within seconds (lib/resources/sweeper.ts); until then the page says so.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("row").filter({ hasText: "test-memcached" })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("row").filter({ hasText: "e2e-polled" })).toHaveCount(0);

  await page.getByRole("combobox", { name: "Status" }).selectOption("deleted");
  await expect(page).toHaveURL(/engine=memcached&status=deleted|status=deleted&engine=memcached/);
  await expect(page.getByRole("heading", { name: "No resources match" })).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/clusters\?kind=cache-cluster$/);
  await expect(page.getByRole("row").filter({ hasText: "e2e-polled" })).toBeVisible();
});

test("the timeline opens the resource's events in the explorer", async ({ page }) => {
  await page.goto("/clusters/123456789012/us-west-2/cache-cluster/test-memcached");
  await page.getByRole("link", { name: "Open them in the event explorer" }).click();
  await expect(page).toHaveURL(/\/events\?resource=test-memcached&account=123456789012&region=us-west-2$/);
  await expect(page.getByTestId("event-total")).toHaveText("2 events");
  await expect(page.locator("tbody tr[data-event-id]")).toHaveCount(2);
});

test("an unknown resource is a helpful 404", async ({ page }) => {
  const response = await page.goto("/clusters/123456789012/us-west-2/cache-cluster/no-such-cluster");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "No such cache cluster" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText(
    "No stored event names the cache cluster no-such-cluster in account 123456789012, region us-west-2",
  );
  await expect(page.getByRole("link", { name: "Find it among cache clusters" })).toHaveAttribute(
    "href",
    "/clusters?kind=cache-cluster&q=no-such-cluster",
  );
  await expect(page.getByRole("link", { name: "Search events for this id" })).toHaveAttribute(
    "href",
    "/events?q=no-such-cluster",
  );

  const badKind = await page.goto("/clusters/123456789012/us-west-2/not-a-kind/test-memcached");
  expect(badKind?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "No such resource" })).toBeVisible();
});

test("a collapsed read lane lists its calls in the explorer", async ({ page }) => {
  await page.goto("/clusters/210987654321/eu-west-1/cache-cluster/e2e-polled");
  const lane = page.getByTestId("read-lane");
  await expect(lane).toContainText("DescribeCacheClusters × 3 by e2e-poller");
  await lane.getByRole("link", { name: "list them" }).click();
  await expect(page).toHaveURL(/\/events\?/);
  await expect(page.getByTestId("event-total")).toHaveText("3 events");
  await expect(page.locator("tbody tr[data-event-id]")).toHaveCount(3);
  await expect(page.getByRole("list", { name: "Active filters" })).toContainText("DescribeCacheClusters");

  // Every read shown one by one: each is a row of the timeline, linking to its event page.
  await page.goto("/clusters/210987654321/eu-west-1/cache-cluster/e2e-polled?reads=all");
  await expect(page.getByTestId("read-lane")).toHaveCount(0);
  await expect(page.getByTestId("timeline-item")).toHaveCount(4);
  await expect(
    page.getByTestId("timeline-item").first().getByRole("link", { name: "DescribeCacheClusters" }),
  ).toHaveAttribute("href", "/events/e2e-poll-3");
});

test("a long timeline: its first page comes with the page, older ones load on demand", async ({ page }) => {
  await page.goto("/clusters/210987654321/eu-west-1/cache-cluster/e2e-paged?reads=all");
  const items = page.getByTestId("timeline-item");
  await expect(items).toHaveCount(100);
  await expect(items.first()).toHaveAttribute("data-event-id", "e2e-paged-read-110");

  await page.getByRole("button", { name: "Load older events" }).click();
  await expect(items).toHaveCount(111);
  await expect(items.last()).toHaveAttribute("data-event-id", "e2e-paged-create");
  await expect(page.getByText("End of the timeline.")).toBeVisible();
});
