import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

// Every journey runs signed in as the admin the first-run journey creates (first-run.setup.ts), through
// the config's storageState; scripts use that admin's API token, as curl would.

const dir = path.join(process.env.E2E_DATA_DIR ?? ".data/e2e", "auth");
export const ADMIN_STATE = path.join(dir, "admin-state.json");
export const ADMIN_TOKEN_FILE = path.join(dir, "admin-token.txt");
export const ADMIN = { email: "admin@example.test", password: "first-admin-password-1" };

export function adminToken(): string {
  return readFileSync(ADMIN_TOKEN_FILE, "utf8").trim();
}

export function bearer(token = adminToken()): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("E-mail").fill(email);
  await form.getByLabel("Password").fill(password);
  await form.getByRole("button", { name: "Sign in" }).click();
  // Generous: a sign-in is a password hash and a page render, slow on a loaded machine.
  await expect(page).not.toHaveURL(/\/sign-in/, { timeout: 30_000 });
}
