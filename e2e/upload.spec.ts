import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { generateCorpus } from "../tools/corpus";
import { bearer } from "./support/auth";
import { SEED_RECORDS, UPLOAD_CORPUS_SEED } from "./support/seed";

// Uploading through the browser: the guide's three records as files and one pasted, a trail
// file as CloudTrail delivers it (.json.gz, generated here from a fixed seed, its events new to
// the database), a truncated gzip and a file that is not JSON — all in one go. Then the
// per-file outcomes, the two clear errors, and the link to the new events.

const FIXTURES = "test-results/upload-fixtures";
const SEEDS = ["create-cache-cluster.json", "describe-cache-clusters.json", "modify-cache-cluster.json"];

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

/** The largest log file (not a digest) of a small corpus: plenty of ElastiCache events in it. */
async function trailFile(): Promise<string> {
  const out = path.join(FIXTURES, "corpus");
  rmSync(out, { recursive: true, force: true });
  await generateCorpus({
    outDir: out,
    sizeBytes: 3 * 1024 ** 2,
    elastiCacheShare: 0.2,
    seed: UPLOAD_CORPUS_SEED,
  });
  const logs = allFiles(out).filter((f) => f.endsWith(".json.gz") && !f.includes("CloudTrail-Digest"));
  const largest = logs.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!largest) throw new Error("the corpus has no log file");
  return largest;
}

async function row(page: Page, name: string) {
  return page.getByRole("list", { name: "Files" }).getByRole("listitem", { name });
}

test("upload files and pasted records, follow each file, then open the new events", async ({ page }) => {
  test.setTimeout(120_000);
  mkdirSync(FIXTURES, { recursive: true });
  const trail = await trailFile();
  const truncated = path.join(FIXTURES, "truncated.json.gz");
  const gz = readFileSync(trail);
  writeFileSync(truncated, gz.subarray(0, Math.floor(gz.length / 2)));
  const notes = path.join(FIXTURES, "meeting-notes.txt");
  writeFileSync(notes, "Meeting notes: rotate the Redis auth token on Friday.\n");

  await page.goto("/upload");
  await expect(page.getByRole("heading", { level: 1, name: "Upload" })).toBeVisible();

  await page
    .getByTestId("file-input")
    .setInputFiles([...SEEDS.map((f) => path.join(SEED_RECORDS, f)), trail, truncated, notes]);
  await page
    .getByLabel("Or paste records")
    .fill(readFileSync(path.join(SEED_RECORDS, "modify-cache-cluster.json"), "utf8"));
  await page.getByRole("button", { name: "Add pasted records" }).click();
  await expect(page.getByText("7 files ready to upload")).toBeVisible();
  const trailName = path.basename(trail);
  await expect(await row(page, trailName)).toContainText("Ready");

  // Slow the upload down so that each file's progress can be seen on the way.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 256 * 1024,
  });

  await page.getByRole("button", { name: "Upload 7 files" }).click();
  await expect(page.getByRole("button", { name: "Cancel upload" })).toBeVisible();
  await expect(page.getByRole("progressbar", { name: `Upload of ${trailName}` })).toBeVisible();
  await expect(page.getByText(/^Uploading: \d+ of 7 files done/)).toBeVisible();
  await page.screenshot({ path: "test-results/upload-in-progress.png", fullPage: true });

  await expect(page.getByRole("heading", { name: "Upload finished" })).toBeVisible({ timeout: 60_000 });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });

  for (const seed of SEEDS) await expect(await row(page, seed)).toContainText("Ingested");
  await expect(await row(page, "pasted-records-1.json")).toContainText("Ingested");
  const trailRow = await row(page, trailName);
  await expect(trailRow).toContainText("Ingested");
  await expect(trailRow).toContainText(/[1-9][\d,]* new events?/);
  await expect(trailRow).toContainText("CloudTrail log file");

  const truncatedRow = await row(page, "truncated.json.gz");
  await expect(truncatedRow).toContainText(/Partly ingested|Failed/);
  await expect(truncatedRow).toContainText(
    /The gzip stream is truncated \(unexpected end of file after [\d,]+ compressed bytes\)/,
  );
  const notesRow = await row(page, "meeting-notes.txt");
  await expect(notesRow).toContainText("Failed");
  await expect(notesRow).toContainText('Not JSON: the file starts with "Meeting notes: r"');
  await page.screenshot({ path: "test-results/upload-finished.png", fullPage: true });

  const summary = page.getByRole("region", { name: "Upload summary" });
  await expect(summary.getByText("Clusters that changed")).toBeVisible();
  const toEvents = summary.getByRole("link", { name: /^View the [\d,]+ new events?$/ });
  const href = await toEvents.getAttribute("href");
  expect(href).toMatch(/^\/events\?run=\d+$/);
  const runId = href!.split("=")[1]!;

  await toEvents.click();
  await expect(page).toHaveURL(new RegExp(`/events\\?run=${runId}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Events" })).toBeVisible();

  // The run is in the history, with the two bad files and their errors.
  await page.goto(`/ingestions/${runId}?files=problems`);
  await expect(page.getByRole("heading", { level: 1, name: `Ingestion #${runId}` })).toBeVisible();
  await expect(page.getByRole("region", { name: "Files" })).toContainText("meeting-notes.txt");
  await expect(page.getByRole("region", { name: "Files" })).toContainText("The gzip stream is truncated");
});

test("the history lists the upload and the API can be called with curl's multipart form", async ({ page, request }) => {
  // curl sends an API token, not the browser's session (which a cross-site form could ride).
  const response = await request.post("/api/ingest", {
    headers: bearer(),
    multipart: {
      file: {
        name: "create.json",
        mimeType: "application/json",
        buffer: readFileSync(path.join(SEED_RECORDS, SEEDS[0]!)),
      },
    },
  });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { runId: string; status: string; files: { outcome: string }[] };
  expect(body.files[0]!.outcome).toBe("ok");

  await page.goto("/ingestions");
  await expect(page.getByRole("heading", { level: 1, name: "Ingestions" })).toBeVisible();
  const run = page.getByRole("row").filter({ has: page.getByRole("link", { name: `#${body.runId}`, exact: true }) });
  await expect(run).toContainText("HTTP API");
  await expect(run).toContainText("Succeeded");
  await run.getByRole("link", { name: `#${body.runId}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Ingestion #${body.runId}` })).toBeVisible();
  await expect(page.getByRole("listitem", { name: "create.json" })).toContainText("Ingested");
});
