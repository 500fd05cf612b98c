import { expect, test } from "@playwright/test";
import { ACCOUNT_A, ACCOUNT_B, writeOverviewTrail } from "./support/overview-trail";
import { ingestWithCli } from "./support/seed";

// The overview as a reader uses it: narrow the range and the account in the URL, read the
// numbers, click a chart segment and land on exactly the events it counts.

test.beforeAll(() => {
  ingestWithCli(writeOverviewTrail("test-results/overview-fixtures"));
});

test("range and account narrow the overview, and a chart segment opens its events", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle("Overview · CacheTrail");
  await page.getByLabel("Time range").selectOption("all");
  await expect(page).toHaveURL(/[?&]range=all/);
  // Nothing stored before the first event: no comparison, and every card says so.
  await expect(page.getByText("all time", { exact: true })).toHaveCount(7);
  await page.getByLabel("Time range").selectOption("7d");
  await expect(page).toHaveURL(/[?&]range=7d/);
  await page.getByLabel("Account").selectOption(ACCOUNT_A);
  await expect(page).toHaveURL(new RegExp(`[?&]account=${ACCOUNT_A}`));
  // Account A: a create, a modify and three reads by carol.
  await expect(page.getByTestId("kpi-events")).toHaveText("5");
  await expect(page.getByTestId("kpi-writes")).toHaveText("2");
  await expect(page.getByTestId("kpi-failures")).toHaveText("0");
  await expect(page.getByTestId("kpi-resourcesCreated")).toHaveText("1");
  await expect(page.getByTestId("top-actors")).toContainText("e2e-carol");

  await page.getByLabel("Account").selectOption(ACCOUNT_B);
  await expect(page.getByTestId("kpi-events")).toHaveText("2");
  await expect(page.getByTestId("kpi-failures")).toHaveText("1");
  await expect(page.getByTestId("failures")).toContainText("AccessDenied");

  // The failed segment: one bar in the week, the denied delete.
  const failed = page.locator(
    '[data-testid="events-chart"] path.recharts-rectangle[fill="var(--color-activity-failed)"]',
  );
  await expect(failed).toHaveCount(1);
  await failed.click();
  await expect(page).toHaveURL(/\/events\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get("kind")).toBe("failed");
  expect(url.searchParams.get("account")).toBe(ACCOUNT_B);
  expect(url.searchParams.get("from")).not.toBeNull();
  expect(url.searchParams.get("to")).not.toBeNull();
  await expect(page.getByText("1 event", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "DeleteCacheCluster" })).toBeVisible();
});

for (const width of [1280, 390]) {
  test(`overview screenshot at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/?range=7d");
    await expect(page.getByTestId("events-chart")).toBeVisible();
    // No horizontal scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `test-results/screens/overview-${width}.png`, fullPage: true });
  });
}
