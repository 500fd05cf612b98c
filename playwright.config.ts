import { defineConfig, devices } from "@playwright/test";
import { ADMIN_STATE } from "./e2e/support/auth";
import { E2E_OIDC, oidcPort } from "./e2e/support/oidc";
import { assertLocalDatabases } from "./tests/setup/local-database";

// Journeys run against the production build (`next build` + `next start`) on a fresh
// embedded PostgreSQL in .data/e2e, in Debian's Chromium (Playwright's own browser
// download cannot work on these machines). scripts/e2e.ts prepares all of that.

const port = Number(process.env.E2E_PORT ?? 3210);

// The server under test and the ingest CLI use DATABASE_URL when it is set: it must be this machine's.
assertLocalDatabases(process.env, ["DATABASE_URL"]);

function chromium() {
  return {
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    },
  };
}

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never" }]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    timezoneId: "Europe/Berlin",
  },
  projects: [
    // The first start creates the admin whose session every other journey uses (storageState).
    { name: "first-run", testMatch: /first-run\.setup\.ts/, use: { ...chromium() } },
    {
      name: "empty-database",
      testMatch: /empty-states\.spec\.ts/,
      dependencies: ["first-run"],
      use: { ...chromium(), storageState: ADMIN_STATE },
    },
    // Journeys load their own data (ingest is idempotent), after the empty-state checks.
    {
      name: "journeys",
      testIgnore: /empty-states\.spec\.ts|first-run\.setup\.ts/,
      dependencies: ["empty-database"],
      use: { ...chromium(), storageState: ADMIN_STATE },
    },
  ],
  webServer: [
    {
      // A real OpenID Connect provider on loopback for the SSO journey (no internet here).
      command: "npx tsx e2e/support/oidc-server.ts",
      url: `http://127.0.0.1:${oidcPort(port)}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: { E2E_PORT: String(port) },
    },
    {
      command: `npx tsx --conditions=react-server scripts/serve.ts`,
      url: `http://127.0.0.1:${port}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: {
        PORT: String(port),
        CACHETRAIL_DATA_DIR: process.env.E2E_DATA_DIR ?? ".data/e2e",
        // Lets the sources journey store an access key (sealed with it).
        CACHETRAIL_SECRET_KEY: "e2e-only-secret-key-0123456789abcdef",
        OIDC_ISSUER: `http://127.0.0.1:${oidcPort(port)}`,
        OIDC_CLIENT_ID: E2E_OIDC.clientId,
        OIDC_CLIENT_SECRET: E2E_OIDC.clientSecret,
        OIDC_NAME: E2E_OIDC.name,
        OIDC_ALLOWED_DOMAINS: E2E_OIDC.allowedDomains,
      },
      stdout: "pipe",
    },
  ],
});
