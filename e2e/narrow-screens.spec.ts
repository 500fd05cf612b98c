import { copyFileSync, mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { ingestWithCli, SEED_RECORDS } from "./support/seed";

// A phone-sized window: every page fits its width (nothing scrolls sideways), and the
// columns tables drop there still show, folded into the first cell.

test.use({ viewport: { width: 390, height: 844 } });
/** A file named as CloudTrail names them: longer than a phone's line. */
const LONG_NAME = "123456789012_CloudTrail_us-west-2_20141201T2230Z_Nx7pQ2rS9tUvWx0y.json";
test.beforeAll(() => {
  mkdirSync("test-results/narrow-fixtures", { recursive: true });
  copyFileSync(`${SEED_RECORDS}/modify-cache-cluster.json`, `test-results/narrow-fixtures/${LONG_NAME}`);
  ingestWithCli(SEED_RECORDS, `test-results/narrow-fixtures/${LONG_NAME}`);
});

const SEED_MODIFY = "e9163565-376f-4223-96e9-9f50528da645";
const TIMELINE = "/clusters/123456789012/us-west-2/cache-cluster/test-memcached";

/** Neither the page nor any scrolling box inside it (but the raw JSON's <pre>) is wider than the window. */
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

test("the explorer's rows fold actor, resources, time and origin into one column", async ({ page }) => {
  await page.goto("/events?q=test-memcached");
  const row = page.locator(`tbody tr[data-event-id="${SEED_MODIFY}"]`);
  await expect(row.getByRole("link", { name: "ModifyCacheCluster" })).toBeVisible();
  const details = row.getByTestId("narrow-details");
  await expect(details).toBeVisible();
  await expect(details.getByRole("link", { name: "elasticache-allow" })).toBeVisible();
  await expect(details.getByRole("link", { name: "test-memcached" })).toBeVisible();
  await expect(details).toContainText("2014-12-01 22:32:21 UTC");
  await expect(details).toContainText("us-west-2 · 123456789012");
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: "test-results/narrow-events.png", fullPage: true });
});

test("event page, timeline and resources list fit a phone", async ({ page }) => {
  await page.goto(`/events/${SEED_MODIFY}`);
  await expect(page.getByRole("heading", { level: 1, name: "ModifyCacheCluster" })).toBeVisible();
  await expectNoSidewaysScroll(page);

  await page.goto(TIMELINE);
  await expect(page.getByTestId("timeline-item")).toHaveCount(2);
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: "test-results/narrow-timeline.png", fullPage: true });

  await page.goto("/clusters?kind=cache-cluster&q=test-memcached");
  const row = page.getByRole("row").filter({ hasText: "test-memcached" });
  await expect(row).toContainText("123456789012 · us-west-2 · memcached 1.4.14");
  await expect(row.getByRole("link", { name: "elasticache-allow" })).toBeVisible();
  await expectNoSidewaysScroll(page);
});

test("a run's files fit a phone: names on their own line and within it, the checksum wrapped", async ({ page }) => {
  await page.goto("/ingestions?source=cli");
  await page
    .getByRole("link", { name: /^#\d+$/ })
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1, name: /^Ingestion #\d+$/ })).toBeVisible();
  for (const path of ["tests/fixtures/seed/modify-cache-cluster.json", `test-results/narrow-fixtures/${LONG_NAME}`]) {
    const file = page.getByRole("listitem", { name: path });
    const line = (await file.getByTitle(path).boundingBox())!;
    const name = (await file.getByTitle(path).getByText(path.split("/").pop()!, { exact: true }).boundingBox())!;
    const size = (await file.getByText(/^[\d.]+ (bytes|KiB)$/).boundingBox())!;
    expect(size.y).toBeGreaterThanOrEqual(line.y + line.height);
    expect(name.x + name.width).toBeLessThanOrEqual(390);
  }
  await expectNoSidewaysScroll(page);
});
