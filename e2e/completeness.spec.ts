import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { generateCorpus, type CorpusSummary } from "../tools/corpus/generate-corpus";
import { TEST_PUBLIC_KEYS_FILE } from "../tools/corpus/signing";
import { ingestWithCli } from "./support/seed";

// Completeness (issue 16): a trail of two days whose corpus drops one log file its digest names.
// The heatmap shows that day as missing files; the day's drill-down shows the hour and lists the key.

const DIR = "test-results/completeness-corpus";
const ACCOUNT = "444455556666";
const REGION = "eu-west-1";
let corpus: CorpusSummary;
let missingHour: string;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  rmSync(DIR, { recursive: true, force: true });
  corpus = await generateCorpus({
    outDir: DIR,
    sizeBytes: 1024 ** 3,
    elastiCacheShare: 0.2,
    seed: 1606,
    startTime: new Date("2024-12-02T00:00:00Z"),
    until: new Date("2024-12-04T00:00:00Z"),
    callsPerSecond: 0.01,
    streams: [`${ACCOUNT}/${REGION}`],
    tampering: { dropLogFiles: [12] },
  });
  ingestWithCli(DIR);
  execFileSync("npx", ["tsx", "scripts/keys.ts", "import", TEST_PUBLIC_KEYS_FILE], {
    env: { ...process.env, CACHETRAIL_DATA_DIR: process.env.E2E_DATA_DIR ?? ".data/e2e" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const digestKey = corpus.tampered.droppedLogFiles[0]!.digestKey;
  const digest = JSON.parse(gunzipSync(readFileSync(join(DIR, digestKey))).toString("utf8")) as {
    digestStartTime: string;
  };
  missingHour = new Date(Math.floor(Date.parse(digest.digestStartTime) / 3_600_000) * 3_600_000).toISOString();
});

test("the heatmap shows the day with a missing file; its drill-down shows the hour and lists the key", async ({
  page,
}) => {
  const dropped = corpus.tampered.droppedLogFiles[0]!.key;
  await page.goto(`/completeness?from=2024-11-25&to=2024-12-08&account=${ACCOUNT}`);
  await expect(page).toHaveTitle("Completeness · CacheTrail");
  await expect(page.getByTestId("completeness-summary")).toContainText("1 missing, 0 modified, digest chain unbroken");

  const day = missingHour.slice(0, 10);
  const cell = page.getByTestId("heatmap-day").locator(`td[data-at="${day}"]`);
  await expect(cell).toHaveAttribute("data-status", "missing");
  await cell.getByRole("link").click();

  await expect(page).toHaveURL(new RegExp(`from=${day}&to=${day}&account=${ACCOUNT}&region=${REGION}`));
  await expect(page.getByRole("heading", { name: `${ACCOUNT} ${REGION}, ${day}, by hour` })).toBeVisible();
  const hours = page.getByTestId("heatmap-hour");
  await expect(hours.locator(`td[data-at="${missingHour}"]`)).toHaveAttribute("data-status", "missing");
  await expect(hours.locator('td[data-status="missing"]')).toHaveCount(1);
  await expect(page.getByTestId("missing-files")).toContainText(dropped);
});

for (const width of [1280, 390]) {
  test(`completeness screenshot at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`/completeness?from=2024-11-25&to=2024-12-08`);
    await expect(page.getByTestId("heatmap-day")).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `test-results/screens/completeness-${width}.png`, fullPage: true });
    await page.goto(
      `/completeness?from=${missingHour.slice(0, 10)}&to=${missingHour.slice(0, 10)}&account=${ACCOUNT}&region=${REGION}`,
    );
    await page.screenshot({ path: `test-results/screens/completeness-hours-${width}.png`, fullPage: true });
  });
}
