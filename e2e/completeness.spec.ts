import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { generateCorpus, type CorpusSummary } from "../tools/corpus/generate-corpus";
import { TEST_CREDENTIALS, TestS3Server } from "../tests/helpers/s3-server";
import { LOG_BUCKET } from "../tools/corpus/accounts";
import { TEST_KEY_FINGERPRINT, TEST_PUBLIC_KEYS_FILE } from "../tools/corpus/signing";
import { ingestWithCli } from "./support/seed";

// Completeness (issue 16): a trail of two days whose corpus drops one log file its digest names.
// The heatmap shows that day as missing files; the day's drill-down shows the hour and lists the key;
// the explorer's banner says the range has a gap; "Fetch now" reads the file from an S3 source.

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

test("the explorer shows the gap banner for a range holding the missing file, linking to Completeness", async ({
  page,
}) => {
  const day = missingHour.slice(0, 10);
  await page.goto(`/events?from=2024-12-02T00:00:00.000Z&to=2024-12-04T00:00:00.000Z`);
  const banner = page.getByTestId("gap-banner");
  await expect(banner).toHaveText(
    `1 log file of ${REGION} (account ${ACCOUNT}) on ${day} is missing — this history may be incomplete. See Completeness`,
  );
  await banner.getByRole("link", { name: "See Completeness" }).click();
  await expect(page).toHaveURL(new RegExp(`/completeness\\?from=${day}&to=${day}&account=${ACCOUNT}&region=${REGION}`));
  // A range without the gap has no banner.
  await page.goto(`/events?from=2024-11-01T00:00:00.000Z&to=2024-11-20T00:00:00.000Z`);
  await expect(page.getByRole("heading", { name: "Events", exact: true, level: 1 })).toBeVisible();
  await expect(page.getByTestId("gap-banner")).toHaveCount(0);
});

for (const width of [1280, 390]) {
  test(`gap banner and key card screenshots at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`/events?from=2024-12-02T00:00:00.000Z&to=2024-12-04T00:00:00.000Z`);
    await expect(page.getByTestId("gap-banner")).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `test-results/screens/gap-banner-${width}.png` });
    await page.goto("/sources");
    const card = page.getByTestId("public-keys-card");
    await expect(card).toContainText(TEST_KEY_FINGERPRINT);
    await card.scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `test-results/screens/public-keys-${width}.png`, fullPage: true });
  });
}

test.describe("Fetch now", () => {
  let s3: TestS3Server;
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    s3 = await TestS3Server.start(LOG_BUCKET);
    // The same seed without the tampering writes the dropped file, byte for byte as its digest says.
    const whole = `${DIR}-whole`;
    rmSync(whole, { recursive: true, force: true });
    await generateCorpus({
      outDir: whole,
      sizeBytes: 1024 ** 3,
      elastiCacheShare: 0.2,
      seed: 1606,
      startTime: new Date("2024-12-02T00:00:00Z"),
      until: new Date("2024-12-04T00:00:00Z"),
      callsPerSecond: 0.01,
      streams: [`${ACCOUNT}/${REGION}`],
    });
    const dropped = corpus.tampered.droppedLogFiles[0]!.key;
    await s3.put(dropped, readFileSync(join(whole, dropped)));
  });
  test.afterAll(async () => {
    await s3?.stop();
  });

  test("the missing hour's Fetch now reads the file from the S3 source, and the hour turns complete", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.goto("/sources");
    // The app admits state-changing API calls from its own origin only.
    const created = await page.request.post("/api/sources", {
      headers: { origin: new URL(page.url()).origin },
      data: {
        name: "Corpus bucket",
        bucket: LOG_BUCKET,
        prefix: "",
        region: "us-east-1",
        endpoint: s3.endpoint,
        forcePathStyle: true,
        accounts: [],
        awsRegions: [],
        startDate: null,
        intervalMinutes: 1440,
        paused: true,
        credentials: { mode: "keys", ...TEST_CREDENTIALS },
        roleArn: null,
      },
    });
    expect(created.status()).toBe(201);
    const day = missingHour.slice(0, 10);
    await page.goto(`/completeness?from=${day}&to=${day}&account=${ACCOUNT}&region=${REGION}`);
    const hour = page.getByTestId("heatmap-hour").locator(`td[data-at="${missingHour}"]`);
    await expect(hour).toHaveAttribute("data-status", "missing");
    const row = page.getByTestId("missing-files").getByRole("listitem");
    await expect(row).toContainText(corpus.tampered.droppedLogFiles[0]!.key);
    // The button is enabled once the page has hydrated (a click before would do nothing).
    await row.getByRole("button", { name: "Fetch now" }).click();
    // The fetch's own record says how it ended (a failure names its cause). The row's "Fetched and read" is not
    // waited for: the page reloads once the file is read, and the row leaves the list of missing files.
    const key = corpus.tampered.droppedLogFiles[0]!.key;
    await expect
      .poll(
        async () => {
          const res = await page.request.get(`/api/completeness/fetch?key=${encodeURIComponent(key)}`);
          const { fetches } = (await res.json()) as { fetches: { status: string; error: string | null }[] };
          return fetches[0] ? `${fetches[0].status}${fetches[0].error ? `: ${fetches[0].error}` : ""}` : "none";
        },
        { timeout: 60_000 },
      )
      .toBe("done");
    await expect(hour).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
    await expect(page.getByTestId("completeness-summary")).toContainText("0 missing, 0 modified");
    await page.screenshot({ path: "test-results/screens/completeness-fetched-1280.png", fullPage: true });
  });
});
