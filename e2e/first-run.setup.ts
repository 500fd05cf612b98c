import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ADMIN, ADMIN_STATE, ADMIN_TOKEN_FILE, signIn } from "./support/auth";

// The first start, as a person meets it: every page leads to the first-run form; the admin made
// there signs in and lands where they were going. Their session and an API token are kept for the
// other journeys.

test("first start: create the first admin, sign in, make an API token", async ({ page }) => {
  await page.goto("/events?range=7d");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to CacheTrail" })).toBeVisible();
  const form = page.getByRole("form", { name: "Create the first admin" });
  await form.getByLabel("E-mail").fill(ADMIN.email);
  await form.getByLabel("Password (12 characters or more)").fill(ADMIN.password);
  await form.getByLabel("Password again").fill(ADMIN.password);
  await form.getByRole("button", { name: "Create admin" }).click();
  await expect(page).toHaveURL(/\/sign-in\?created=1$/);
  await expect(page.getByText("The admin account is ready")).toBeVisible();

  // The first-run page is gone once an admin exists.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.goto("/events?range=7d");
  await expect(page).toHaveURL("/sign-in?next=%2Fevents%3Frange%3D7d");
  await signIn(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL("/events?range=7d");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Upload" })).toBeVisible();

  await page.goto("/settings");
  const tokens = page.getByRole("form", { name: "New API token" });
  await tokens.getByLabel("Name").fill("e2e");
  await tokens.getByLabel("Expires").selectOption("0");
  await tokens.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^ct_[A-Za-z0-9_-]{43}$/);

  mkdirSync(path.dirname(ADMIN_STATE), { recursive: true });
  writeFileSync(ADMIN_TOKEN_FILE, token);
  await page.context().storageState({ path: ADMIN_STATE });
});
