import { expect, test } from "@playwright/test";
import { ACCOUNT_B, DENIED_MESSAGE, writeOverviewTrail } from "./support/overview-trail";
import { ingestWithCli } from "./support/seed";

// The security view lists the denied call with its principal and message, and the root user's
// call, each linking to its events.

test.beforeAll(() => {
  ingestWithCli(writeOverviewTrail("test-results/overview-fixtures"));
});

test("the security view lists an AccessDenied call and the root user's activity", async ({ page }) => {
  await page.goto(`/security?range=7d&account=${ACCOUNT_B}`);
  await expect(page).toHaveTitle("Security · CacheTrail");
  const row = page.getByRole("row").filter({ hasText: "AccessDenied" });
  await expect(row).toContainText("e2e-mallory");
  await expect(row).toContainText(DENIED_MESSAGE);
  await expect(page.getByTestId("flag-root")).toContainText("DescribeCacheClusters");
  await expect(page.getByTestId("flag-destructive")).toContainText("DeleteCacheCluster");
  await expect(page.getByTestId("new-ips")).toContainText("198.51.100.23");

  // A flagged list's count opens the explorer on exactly its calls (?flag=), the root user's too.
  const root = page.getByTestId("flag-root");
  await expect(root.getByRole("link", { name: "1 call →" })).toHaveAttribute("href", /[?&]flag=root(&|$)/);
  await root.getByRole("link", { name: "1 call →" }).click();
  await expect(page).toHaveURL(/\/events\?.*flag=root/);
  await expect(page.getByText("1 event", { exact: true })).toBeVisible();
  await page.goBack();

  // The count opens the explorer on that principal's AccessDenied calls.
  await row.getByRole("link", { name: "1", exact: true }).click();
  await expect(page).toHaveURL(/\/events\?/);
  const url = new URL(page.url());
  expect(url.searchParams.get("error")).toBe("AccessDenied");
  expect(url.searchParams.get("account")).toBe(ACCOUNT_B);
  await expect(page.getByText("1 event", { exact: true })).toBeVisible();
});

for (const width of [1280, 390]) {
  test(`security screenshot at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/security?range=7d");
    await expect(page.getByText("Failed calls by principal and error code")).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `test-results/screens/security-${width}.png`, fullPage: true });
  });
}
