import { mkdirSync, writeFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { IDENTITIES } from "../tests/fixtures/user-identities";
import { ingestWithCli } from "./support/seed";

// The Actors pages as a user meets them: a role's session found in the table, its page with
// the resources it touched and its sessions, filters that survive a reload; then both pages
// and an ingestion with long file names on a phone, and the tab titles.

const DIR = "test-results/actors-fixtures";
/** Longer than a phone's line, as CloudTrail names files plus an upload's own suffix. */
const LONG_NAME =
  "123456789012_CloudTrail_eu-central-1_20261204T1800Z_actors-journey-0123456789abcdef0123456789abcdef.json";
const CLUSTER = "actors-e2e-cache";
const SESSION = "RoleToBeAssumed/MySessionName";

function call(n: number, identity: Record<string, unknown>, overrides: Record<string, unknown>) {
  return {
    eventVersion: "1.09",
    userIdentity: identity,
    eventTime: `2026-11-02T0${n}:15:00Z`,
    eventSource: "elasticache.amazonaws.com",
    eventName: "DescribeCacheClusters",
    awsRegion: "eu-central-1",
    sourceIPAddress: "198.51.100.23",
    userAgent: "aws-cli/2.22.0 md/awscrt#0.22.0 ua/2.0 os/linux lang/python#3.12.6",
    requestParameters: null,
    responseElements: null,
    requestID: `actors-e2e-req-${n}`,
    eventID: `5f0c2a3e-actors-e2e-000${n}`,
    readOnly: true,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: "123456789012",
    eventCategory: "Management",
    ...overrides,
  };
}

function records() {
  const role = IDENTITIES.assumedRole.userIdentity;
  const withMfa = {
    ...role,
    sessionContext: {
      ...role.sessionContext,
      attributes: { creationDate: "2026-11-02T05:00:00Z", mfaAuthenticated: "true" },
    },
  };
  const create = { cacheClusterId: CLUSTER, engine: "valkey", cacheNodeType: "cache.t4g.micro", numCacheNodes: 1 };
  return [
    call(1, role, {
      eventName: "CreateCacheCluster",
      readOnly: false,
      requestParameters: create,
      responseElements: { ...create, cacheClusterStatus: "creating" },
    }),
    call(2, role, {
      eventName: "ModifyCacheCluster",
      readOnly: false,
      requestParameters: { cacheClusterId: CLUSTER, numCacheNodes: 2, applyImmediately: true },
      errorCode: "AccessDenied",
      errorMessage: "User is not authorized to perform: elasticache:ModifyCacheCluster",
    }),
    call(6, withMfa, { requestParameters: { cacheClusterId: CLUSTER } }),
    call(7, IDENTITIES.assumedRoleOtherSession.userIdentity, { sourceIPAddress: "203.0.113.99" }),
  ];
}

test.beforeAll(() => {
  mkdirSync(DIR, { recursive: true });
  writeFileSync(`${DIR}/${LONG_NAME}`, JSON.stringify({ Records: records() }));
  // Beside a good record, one CloudTrail could not have written: its rejection reason is shown on the run's page.
  const bad = { ...records()[0], eventID: "actors-e2e-bad", eventTime: `not-a-time-${"x".repeat(90)}` };
  const good = call(8, IDENTITIES.assumedRoleOtherSession.userIdentity, {});
  writeFileSync(`${DIR}/${LONG_NAME.replace(".json", "-rejected.json")}`, JSON.stringify({ Records: [good, bad] }));
  ingestWithCli(DIR);
});

test("open an actor from the table and see the resources and sessions", async ({ page }) => {
  await page.goto("/actors");
  await page.getByRole("searchbox", { name: "Search actors" }).fill("MySessionName");
  await expect(page).toHaveURL(/[?&]q=MySessionName/);
  const table = page.getByRole("table", { name: "Actors" });
  await expect(table.getByRole("row")).toHaveCount(2);
  await table.getByRole("link", { name: SESSION }).click();

  await expect(page.getByRole("heading", { level: 1, name: SESSION })).toBeVisible();
  await expect(page).toHaveTitle(`${SESSION} (Assumed role) · CacheTrail`);
  const resources = page.getByRole("region", { name: /Resources touched/ });
  await expect(resources.getByRole("link", { name: new RegExp(CLUSTER) })).toBeVisible();
  const sessions = page.getByRole("region", { name: /Sessions/ });
  await expect(sessions.getByRole("row")).toHaveCount(3);
  await expect(sessions.getByRole("row", { name: /2026-11-02T01:06:28Z/ })).toContainText("no MFA");
  await expect(sessions.getByRole("row", { name: /2026-11-02T05:00:00Z/ })).toContainText("MFA");
  await expect(page.getByRole("region", { name: /Failures/ })).toContainText("AccessDenied");
  await expect(page.getByText("1 other principal with this issuer")).toBeVisible();

  await page.getByRole("link", { name: "All their events" }).click();
  await expect(page).toHaveURL(/\/events\?actor=AssumedRole/);
  await expect(page.getByRole("link", { name: "CreateCacheCluster" })).toBeVisible();
});

test("filters in the URL survive a reload", async ({ page }) => {
  await page.goto("/actors");
  await page.getByRole("combobox", { name: "Identity type" }).selectOption("AssumedRole");
  await expect(page).toHaveURL(/type=AssumedRole/);
  await page.getByRole("combobox", { name: "Failures" }).selectOption("yes");
  await expect(page).toHaveURL(/failures=yes/);
  const table = page.getByRole("table", { name: "Actors" });
  await expect(table.getByRole("link", { name: SESSION })).toBeVisible();
  await expect(table.getByRole("link", { name: "RoleToBeAssumed/bob@example.com" })).toHaveCount(0);

  await page.reload();
  await expect(page.getByRole("combobox", { name: "Identity type" })).toHaveValue("AssumedRole");
  await expect(page.getByRole("combobox", { name: "Failures" })).toHaveValue("yes");
  await expect(table.getByRole("link", { name: SESSION })).toBeVisible();
  await expect(table.getByRole("link", { name: "RoleToBeAssumed/bob@example.com" })).toHaveCount(0);
});

/** Neither the page nor any scrolling box inside it is wider than the window. */
async function expectNoSidewaysScroll(page: Page) {
  const wide = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const boxes = [document.documentElement, ...document.querySelectorAll<HTMLElement>("main *:not(pre)")].filter(
      (el) => el.scrollWidth > el.clientWidth + 1 && ["auto", "scroll"].includes(getComputedStyle(el).overflowX),
    );
    return {
      page: document.documentElement.scrollWidth > width,
      boxes: boxes.map((el) => `${el.tagName}: ${el.textContent?.slice(0, 60)}`),
    };
  });
  expect(wide).toEqual({ page: false, boxes: [] });
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("an ingestion with long file names and rejection reasons stays 390 px wide", async ({ page }) => {
    await page.goto("/ingestions?source=cli");
    await page
      .getByRole("link", { name: /^#\d+$/ })
      .first()
      .click();
    const file = page.getByRole("listitem", { name: `${DIR}/${LONG_NAME}` });
    await expect(file).toBeVisible();
    await page.getByText(/1 rejected record/).click();
    await expect(page.getByText(/not-a-time-x+/)).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    await expectNoSidewaysScroll(page);
  });

  test("the actors list and an actor's page fit a phone", async ({ page }) => {
    await page.goto("/actors?q=RoleToBeAssumed");
    await expect(page.getByRole("table", { name: "Actors" }).getByRole("link", { name: SESSION })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: "test-results/actors-390.png", fullPage: true });
    await page.getByRole("table", { name: "Actors" }).getByRole("link", { name: SESSION }).click();
    await expect(page.getByRole("heading", { level: 1, name: SESSION })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: "test-results/actor-390.png", fullPage: true });
  });
});

test("desktop screenshots of the actors list and an actor's page", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/actors");
  await expect(page.getByTestId("by-type-chart")).toBeVisible();
  await page.screenshot({ path: "test-results/actors-1280.png", fullPage: true });
  await page.goto("/actors?q=MySessionName");
  await page.getByRole("table", { name: "Actors" }).getByRole("link", { name: SESSION }).click();
  await expect(page.getByTestId("actor-activity-chart")).toBeVisible();
  await page.screenshot({ path: "test-results/actor-1280.png", fullPage: true });
});

test("tab titles name the page", async ({ page }) => {
  for (const [path, title] of [
    ["/actors", "Actors · CacheTrail"],
    ["/sources", "Sources · CacheTrail"],
    ["/ingestions", "Ingestions · CacheTrail"],
    ["/no-such-page", "Page not found · CacheTrail"],
    ["/actors/nobody-at-all", "Actor not found · CacheTrail"],
  ] as const) {
    await page.goto(path);
    await expect(page).toHaveTitle(title);
  }
});
