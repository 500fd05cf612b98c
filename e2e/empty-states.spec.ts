import { readdirSync, readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";

// Runs first, on the empty database (see playwright.config.ts projects).
test("the dashboard opens, every section is reachable and says what to do first", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("link", { name: "CacheTrail" })).toBeVisible();
  await expect(page.getByText("No events yet — upload CloudTrail files or connect an S3 bucket")).toBeVisible();
  const sections = ["Clusters", "Actors", "Events", "Upload", "Ingestions", "Sources", "Overview"];
  for (const name of sections) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByRole("link", { name, exact: true })).toHaveAttribute("aria-current", "page");
    await expect(page.locator("main section[aria-label]").first()).toBeVisible();
  }
  await page.screenshot({ path: "test-results/empty-overview.png", fullPage: true });
});

test("the health endpoint reports the database and the applied migration", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.database.reachable).toBe(true);
  expect(body.database.migration).toBe(
    readdirSync("prisma/migrations")
      .filter((m) => /^\d{14}_/.test(m))
      .sort()
      .at(-1),
  );
  expect(body.version).toBe((JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version);
});
