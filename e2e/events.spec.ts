import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ingestWithCli, SEED_RECORDS } from "./support/seed";

// The event explorer and event page, on the guide's seed records plus a small trail written
// here: alice fails three times in a morning, bob polls 25 times, and one record carries
// HTML/script payloads in every string an attacker controls.

const FIXTURES = "test-results/events-fixtures";
const SEED_MODIFY = "e9163565-376f-4223-96e9-9f50528da645";
const XSS_ID = "e2e-xss-0001";
const XSS = {
  script: "<script>window.__xss=1</script>",
  img: '"><img src=x onerror="window.__xss=2">',
  svg: "<svg onload=window.__xss=3>",
};

function user(name: string) {
  return {
    type: "IAMUser",
    principalId: `AIDA${name.toUpperCase().replace(/\W/g, "")}`,
    arn: `arn:aws:iam::210987654321:user/${name}`,
    accountId: "210987654321",
    userName: name,
  };
}

function record(id: string, time: string, fields: Record<string, unknown>) {
  return {
    eventVersion: "1.09",
    eventTime: time,
    eventSource: "elasticache.amazonaws.com",
    eventName: "DescribeCacheClusters",
    awsRegion: "eu-central-1",
    sourceIPAddress: "192.0.2.44",
    userAgent: "aws-cli/2.15.0 Python/3.11.6",
    requestParameters: null,
    responseElements: null,
    requestID: `req-${id}`,
    eventID: id,
    readOnly: true,
    eventType: "AwsApiCall",
    recipientAccountId: "210987654321",
    ...fields,
  };
}

function writeTrail(): string {
  const alice = user("e2e-events-alice");
  const bob = user("e2e-events-bob");
  const fail = (id: string, time: string, errorCode: string) =>
    record(id, time, {
      userIdentity: alice,
      eventName: "ModifyCacheCluster",
      readOnly: false,
      errorCode,
      errorMessage: `${errorCode} for ${id}`,
      requestParameters: { cacheClusterId: "e2e-orders", numCacheNodes: 4 },
    });
  const records = [
    fail("e2e-alice-fail-1", "2025-06-01T09:10:00Z", "AccessDenied"),
    fail("e2e-alice-fail-2", "2025-06-01T09:20:00Z", "InvalidParameterCombination"),
    fail("e2e-alice-fail-3", "2025-06-01T09:30:00Z", "AccessDenied"),
    fail("e2e-alice-fail-late", "2025-06-02T15:00:00Z", "AccessDenied"),
    record("e2e-alice-ok", "2025-06-01T09:15:00Z", { userIdentity: alice }),
    ...Array.from({ length: 25 }, (_, i) =>
      record(`e2e-bob-${String(i).padStart(2, "0")}`, `2025-06-01T12:${String(i).padStart(2, "0")}:00Z`, {
        userIdentity: bob,
      }),
    ),
    record(XSS_ID, "2025-06-03T08:00:00Z", {
      userIdentity: user(XSS.svg),
      eventName: "ModifyCacheCluster",
      readOnly: false,
      userAgent: XSS.img,
      errorCode: "InvalidParameterValue",
      errorMessage: XSS.script,
      requestParameters: { cacheClusterId: XSS.script, [XSS.svg]: XSS.img },
    }),
  ];
  mkdirSync(FIXTURES, { recursive: true });
  const file = path.join(FIXTURES, "events-trail.json");
  writeFileSync(file, JSON.stringify({ Records: records }));
  return file;
}

test.beforeAll(() => ingestWithCli(SEED_RECORDS, writeTrail()));

/** The explorer, once hydrated: its controls and keys only act from then on. */
async function openExplorer(page: Page, url: string) {
  await page.goto(url);
  await expect(page.locator('[data-keyboard="ready"]')).toBeVisible();
}

const rowIds = (page: Page) =>
  page.locator("tbody tr[data-event-id]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-event-id")));

test("filter by actor, failures and a time range; the copied URL shows the same rows", async ({ page, context }) => {
  await openExplorer(page, "/events");
  await page.getByText("More filters").click();
  const actor = page.getByLabel("Actor (name, ARN or key)");
  await actor.fill("e2e-events-alice");
  await actor.press("Enter");
  await expect(page).toHaveURL(/actor=e2e-events-alice/);
  await page.getByRole("group", { name: "Outcome" }).getByRole("button", { name: "Failures" }).click();
  await expect(page).toHaveURL(/outcome=failure/);
  await page.getByLabel("Time range").selectOption("custom");
  const range = page.getByRole("form", { name: "Custom time range" });
  await range.locator('input[name="from"]').fill("2025-06-01T09:00:00");
  await range.locator('input[name="to"]').fill("2025-06-01T10:00:00");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/from=2025-06-01T09%3A00%3A00\.000Z&to=2025-06-01T10%3A00%3A00\.000Z/);

  const expected = ["e2e-alice-fail-3", "e2e-alice-fail-2", "e2e-alice-fail-1"];
  await expect.poll(() => rowIds(page)).toEqual(expected);
  await expect(page.getByTestId("event-total")).toHaveText("3 events");
  await expect(page.getByRole("list", { name: "Active filters" })).toContainText("e2e-events-alice");
  await expect(page.locator("tbody tr").first()).toContainText("AccessDenied");
  await page.screenshot({ path: "test-results/events-filtered.png", fullPage: true });

  const shared = page.url();
  const other = await context.newPage();
  await other.goto(shared);
  await expect.poll(() => rowIds(other)).toEqual(expected);
  await expect(other.getByLabel("Time range", { exact: true })).toHaveValue("custom");
  await expect(other.getByRole("group", { name: "Outcome" }).getByRole("button", { name: "Failures" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
});

test("page forward and back with the keyset cursor, and with the browser's Back", async ({ page }) => {
  await openExplorer(page, "/events?actor=e2e-events-bob&limit=10");
  const first = [
    "e2e-bob-24",
    "e2e-bob-23",
    "e2e-bob-22",
    "e2e-bob-21",
    "e2e-bob-20",
    "e2e-bob-19",
    "e2e-bob-18",
    "e2e-bob-17",
    "e2e-bob-16",
    "e2e-bob-15",
  ];
  await expect.poll(() => rowIds(page)).toEqual(first);
  await expect(page.getByRole("button", { name: /Previous page/ })).toBeDisabled();

  await page.getByRole("button", { name: /Next page/ }).click();
  await expect(page).toHaveURL(/after=\d+_\d+/);
  await expect
    .poll(() => rowIds(page))
    .toEqual(first.map((id) => id.replace(/\d+$/, (n) => String(Number(n) - 10).padStart(2, "0"))));
  const second = page.url();

  await page.getByRole("button", { name: /Next page/ }).click();
  await expect.poll(() => rowIds(page)).toEqual(["e2e-bob-04", "e2e-bob-03", "e2e-bob-02", "e2e-bob-01", "e2e-bob-00"]);
  await expect(page.getByRole("button", { name: /Next page/ })).toBeDisabled();

  await page.getByRole("button", { name: /Previous page/ }).click();
  await expect(page).toHaveURL(/before=\d+_\d+/);
  await expect
    .poll(() => rowIds(page))
    .toEqual(first.map((id) => id.replace(/\d+$/, (n) => String(Number(n) - 10).padStart(2, "0"))));

  await page.goBack();
  await expect.poll(() => rowIds(page)).toEqual(["e2e-bob-04", "e2e-bob-03", "e2e-bob-02", "e2e-bob-01", "e2e-bob-00"]);
  await page.goBack();
  await page.goBack();
  await expect.poll(() => rowIds(page)).toEqual(first);

  // A cursor link opened cold shows the same page.
  await page.goto(second);
  await expect
    .poll(() => rowIds(page))
    .toEqual(first.map((id) => id.replace(/\d+$/, (n) => String(Number(n) - 10).padStart(2, "0"))));
});

test("a page the API refuses, or answers in a shape the explorer does not know, is an error that can be retried", async ({
  page,
}) => {
  await openExplorer(page, "/events?actor=e2e-events-bob&limit=10");
  let answer: "problem" | "malformed" = "problem";
  await page.route(
    (url) => url.pathname === "/api/events",
    (route) =>
      answer === "problem"
        ? route.fulfill({
            status: 503,
            json: { error: { status: 503, message: "The database is restarting.", requestId: "req-e2e-1" } },
          })
        : route.fulfill({ status: 200, json: { events: "not a list" } }),
  );
  await page.getByRole("button", { name: /Next page/ }).click();
  const failed = page.getByRole("region", { name: "The events could not be loaded" });
  await expect(failed).toContainText("The database is restarting. (request req-e2e-1)");

  answer = "malformed";
  await failed.getByRole("button", { name: "Try again" }).click();
  await expect(failed).toContainText("The server's answer was not what this page expects at events.");

  await page.unrouteAll();
  await failed.getByRole("button", { name: "Try again" }).click();
  await expect
    .poll(() => rowIds(page))
    .toEqual([
      "e2e-bob-14",
      "e2e-bob-13",
      "e2e-bob-12",
      "e2e-bob-11",
      "e2e-bob-10",
      "e2e-bob-09",
      "e2e-bob-08",
      "e2e-bob-07",
      "e2e-bob-06",
      "e2e-bob-05",
    ]);
});

test("move with j/k and open an event with Enter", async ({ page }) => {
  await openExplorer(page, "/events?actor=e2e-events-bob&limit=10");
  await expect.poll(() => rowIds(page)).toHaveLength(10);
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  await expect(page.locator('tbody tr[aria-selected="true"]')).toHaveAttribute("data-event-id", "e2e-bob-23");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/events\/e2e-bob-23$/);
  await expect(page.getByRole("heading", { level: 1, name: "DescribeCacheClusters" })).toBeVisible();
});

test("the seed ModifyCacheCluster: numCacheNodes 2 → 3 pending, a copyable permanent link, meta tags", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/events?q=test-memcached");
  await page.getByRole("link", { name: "ModifyCacheCluster" }).first().click();
  await expect(page).toHaveURL(new RegExp(`/events/${SEED_MODIFY}$`));
  await expect(page.getByRole("heading", { level: 1, name: "ModifyCacheCluster" })).toBeVisible();
  await expect(page.getByTestId("event-sentence")).toHaveText(
    "elasticache-allow (IAMUser) called ModifyCacheCluster on cache cluster test-memcached in us-west-2 " +
      "(account 123456789012); it succeeded.",
  );
  const change = page.locator('tr[data-field="numCacheNodes"]');
  await expect(change.getByTestId("change-summary")).toHaveText("2 → 3 pending");
  await expect(
    page.getByRole("region", { name: "Resources touched" }).getByRole("link", { name: "test-memcached" }),
  ).toHaveAttribute(
    "href",
    "/clusters/123456789012/us-west-2/cache-cluster/test-memcached?day=2014-12-01&at=2014-12-01T22%3A32%3A21.000Z",
  );
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute(
    "content",
    "ModifyCacheCluster on test-memcached by elasticache-allow — 2014-12-01 22:32 UTC",
  );
  await page.screenshot({ path: "test-results/events-seed-modify.png", fullPage: true });

  // The button works once the page has hydrated; retry the click until it reports the copy.
  await expect(async () => {
    await page.getByRole("button", { name: /Copy link|Copied/ }).click();
    await expect(page.getByRole("button", { name: "Copied" })).toBeVisible({ timeout: 1_000 });
  }).toPass();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(new URL(`/events/${SEED_MODIFY}`, page.url()).toString());
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByRole("heading", { level: 1, name: "ModifyCacheCluster" })).toBeVisible();

  // The Describe beside it: CloudTrail kept no response, and the page says so.
  await other.getByRole("link", { name: "DescribeCacheClusters" }).first().click();
  await expect(other.getByText("CloudTrail recorded no response for this call")).toBeVisible();
});

test("an unknown event id is a helpful 404", async ({ page }) => {
  const response = await page.goto("/events/no-such-event-id");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "No such event" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Search events for this id" })).toHaveAttribute(
    "href",
    "/events?q=no-such-event-id",
  );
});

test("HTML and script in a record show as literal text and never run", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`/events?q=${encodeURIComponent(XSS_ID)}`);
  const row = page.locator(`tbody tr[data-event-id="${XSS_ID}"]`);
  await expect(row).toContainText(XSS.svg);
  await expect(row).toContainText(XSS.script);
  await row.getByRole("link", { name: "ModifyCacheCluster" }).click();
  await expect(page).toHaveURL(new RegExp(`/events/${XSS_ID}$`));
  await expect(page.getByText(XSS.img, { exact: true }).first()).toBeVisible();
  await expect(page.getByText(`"${XSS.script}"`).first()).toBeVisible();
  await expect(page.getByRole("main").getByText(XSS.script, { exact: true }).first()).toBeVisible();
  await page.getByText("Raw CloudTrail record").click();
  await expect(page.getByTestId("raw-record")).toContainText(XSS.script);
  expect(await page.title()).toContain(`on ${XSS.script} by ${XSS.svg}`);
  await expect(page.locator("main script, main img, main svg")).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  await page.screenshot({ path: "test-results/events-xss.png", fullPage: true });
});

test("a resource touched opens its timeline at the event's moment", async ({ page }) => {
  await page.goto(`/events/${SEED_MODIFY}`);
  await page.getByRole("region", { name: "Resources touched" }).getByRole("link", { name: "test-memcached" }).click();
  await expect(page).toHaveURL(/\/cache-cluster\/test-memcached\?day=2014-12-01&at=2014-12-01T22%3A32%3A21\.000Z$/);
  // The configuration as of the call, its day in the timeline, and the call itself marked.
  await expect(page.getByRole("heading", { name: "Configuration as of 2014-12-01 22:32:21 UTC" })).toBeVisible();
  await expect(page.getByText("Day 2014-12-01 (UTC)")).toBeVisible();
  const marked = page.locator('[data-testid="timeline-item"][data-highlighted]');
  await expect(marked).toHaveCount(1);
  await expect(marked).toHaveAttribute("data-event-id", SEED_MODIFY);
  await expect(marked).toBeInViewport();
  // The day chip widens it back to the whole timeline, still as of that moment.
  await page.getByRole("link", { name: "Clear the day filter" }).click();
  await expect(page).toHaveURL(/\?at=2014-12-01T22%3A32%3A21\.000Z$/);
  await expect(page.getByTestId("timeline-item")).toHaveCount(2);
});

test("the event's time in UTC or local time, with the other zone and the relative time beside it", async ({ page }) => {
  await page.goto(`/events/${SEED_MODIFY}`);
  const when = page.getByRole("region", { name: "When" });
  await expect(when.getByTestId("event-time")).toHaveText("2014-12-01 22:32:21 UTC");
  // The journeys' browser is in Europe/Berlin: an hour ahead of UTC in December.
  await expect(when.getByTestId("other-zone")).toContainText("your time: 2014-12-01 23:32:21");
  await expect(when).toContainText(/\d+ years ago/);

  await expect(async () => {
    await when.getByRole("group", { name: "Show times in" }).getByRole("button", { name: "Local" }).click();
    await expect(when.getByTestId("event-time")).toContainText("2014-12-01 23:32:21", { timeout: 1_000 });
  }).toPass();
  await expect(when.getByTestId("other-zone")).toHaveText("in UTC: 2014-12-01 22:32:21 UTC");
  // One choice for the whole app, remembered across pages.
  await expect(page.getByRole("group", { name: "Time zone" }).getByRole("button", { name: "Local" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await page.reload();
  await expect(page.getByRole("region", { name: "When" }).getByTestId("event-time")).toContainText(
    "2014-12-01 23:32:21",
  );
  await page.getByRole("group", { name: "Time zone" }).getByRole("button", { name: "UTC" }).click();
  await expect(page.getByRole("region", { name: "When" }).getByTestId("event-time")).toHaveText(
    "2014-12-01 22:32:21 UTC",
  );
});
