import { expect, test } from "@playwright/test";
import { formatCount } from "../lib/format/numbers";
import { expectedEventIds, fillTrailBucket, type TrailBucket } from "../tests/fixtures/s3/trail-bucket";
import { TEST_CREDENTIALS, TestS3Server } from "../tests/helpers/s3-server";

// Connecting an S3 bucket from the Sources page: a trail bucket on a real S3 server (s3rver on
// loopback, filled by the corpus generator with events no other journey stores), added with an
// access key (stored sealed: the test server runs with CACHETRAIL_SECRET_KEY), paused so the
// schedule stays out of the way, tested, synced now by the worker `npm start` runs, watched
// while it syncs, then followed to its run and to one of its events.

let s3: TestS3Server;
let bucket: TrailBucket;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  s3 = await TestS3Server.start();
  bucket = await fillTrailBucket(s3, { prefix: "e2e-trail/", busyObjects: 300, corrupt: false, seed: 700 });
});

test.afterAll(async () => {
  await s3?.stop();
});

test("add a source, test it, sync it now, watch it sync, and open its run and its events", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto("/sources");
  await expect(page.getByRole("heading", { level: 1, name: "Sources" })).toBeVisible();

  await page.getByRole("button", { name: "Add an S3 source" }).click();
  const form = page.getByRole("form", { name: "Add an S3 source" });
  await form.getByLabel("Name", { exact: true }).fill("Org trail on the test server");
  await form.getByLabel("Bucket", { exact: true }).fill(s3.bucket);
  await form.getByLabel("Prefix").fill(bucket.prefix);
  await form.getByLabel("Endpoint URL").fill(s3.endpoint);
  await form.getByLabel("Path-style addressing").check();
  await form.getByLabel("Start date").fill(bucket.startDay);
  await form.getByLabel("An access key").check();
  await form.getByLabel("Access key id").fill(TEST_CREDENTIALS.accessKeyId);
  await form.getByLabel("Secret access key").fill(TEST_CREDENTIALS.secretAccessKey);
  await form.getByRole("button", { name: "Add source" }).click();

  const card = page.getByRole("article", { name: "Org trail on the test server" });
  await expect(card).toBeVisible();
  await expect(card.getByText("access key S3RV…RVER")).toBeVisible();
  await card.getByRole("button", { name: "Pause" }).click();
  await expect(card.getByText("Paused", { exact: true })).toBeVisible();

  await card.getByRole("button", { name: "Test connection" }).click();
  await expect(card.getByRole("status", { name: "Connection test" })).toContainText(
    `Connected. An organization trail (o-a1b2c3d4e5) with 4 account(s) in 4 region(s), from ${bucket.oldDay} to ${bucket.recentDay}.`,
  );

  await card.getByRole("button", { name: "Sync now" }).click();
  await expect(card.getByRole("progressbar")).toBeVisible({ timeout: 30_000 });
  await expect(card.getByLabel("Sync progress")).toContainText(/of \d+ objects/);
  await page.screenshot({ path: "test-results/sources-syncing.png", fullPage: true });

  const expected = expectedEventIds(bucket, bucket.logKeys);
  await expect(card.getByText("Succeeded")).toBeVisible({ timeout: 180_000 });
  await expect(card.getByRole("progressbar")).toHaveCount(0);
  await expect(card.getByText(formatCount(expected.length), { exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/sources-synced.png", fullPage: true });

  await card.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/ingestions\/\d+$/);
  await expect(page.getByText("S3 sync · Org trail on the test server")).toBeVisible();

  await page.goto(`/events/${expected[0]}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByText(expected[0]!).first()).toBeVisible();
});
