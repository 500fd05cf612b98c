// npm run test:e2e — Playwright journeys against the production build on a fresh
// embedded PostgreSQL, in Debian's Chromium (installed here with apt when missing,
// because Playwright's own browser download cannot work on these machines).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { assertLocalDatabases } from "@/tests/setup/local-database";

// Before the build: playwright.config.ts refuses a non-local DATABASE_URL too, but only minutes later.
assertLocalDatabases(process.env, ["DATABASE_URL"]);

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.log(`Chromium not found at ${chromium}; installing Debian's chromium package…`);
  const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
  const run = (args: string[]) =>
    execFileSync(sudo[0] ?? args[0]!, sudo.length ? args : args.slice(1), { stdio: "inherit" });
  run(["apt-get", "update"]);
  run(["apt-get", "install", "-y", "--no-install-recommends", "chromium"]);
}

const dataDir = process.env.E2E_DATA_DIR ?? ".data/e2e";
rmSync(dataDir, { recursive: true, force: true });

if (!process.argv.includes("--no-build")) execFileSync("npx", ["next", "build"], { stdio: "inherit" });

const args = process.argv.slice(2).filter((a) => a !== "--no-build");
const result = spawnSync("npx", ["playwright", "test", ...args], {
  stdio: "inherit",
  env: { ...process.env, E2E_DATA_DIR: dataDir, CHROMIUM_PATH: chromium },
});
process.exit(result.status ?? 1);
