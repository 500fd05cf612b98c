import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, test } from "@playwright/test";
import { ADMIN, ADMIN_STATE, bearer, signIn } from "./support/auth";
import { E2E_OIDC } from "./support/oidc";
import { SEED_RECORDS } from "./support/seed";

// Sign-in, roles, API tokens and share links as people and scripts meet them.

const SIGNED_OUT = { cookies: [], origins: [] };
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3210}`;
const seedFile = (name: string) => ({
  name,
  mimeType: "application/json",
  buffer: readFileSync(path.join(SEED_RECORDS, name)),
});

test.describe("signed out", () => {
  test.use({ storageState: SIGNED_OUT });

  test("a link leads to sign-in and back to it; signing out closes the app again", async ({ page }) => {
    await page.goto("/ingestions?source=cli");
    await expect(page).toHaveURL("/sign-in?next=%2Fingestions%3Fsource%3Dcli");
    await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);

    const form = page.getByRole("form", { name: "Sign in" });
    await form.getByLabel("E-mail").fill(ADMIN.email);
    await form.getByLabel("Password").fill("not the password at all");
    await form.getByRole("button", { name: "Sign in" }).click();
    await expect(form.getByRole("alert")).toHaveText("Wrong e-mail or password, or this account is disabled.");

    await signIn(page, ADMIN.email, ADMIN.password);
    await expect(page).toHaveURL("/ingestions?source=cli");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL("/sign-in");
    await page.goto("/events");
    await expect(page).toHaveURL("/sign-in?next=%2Fevents");
  });

  test("a viewer sees no Upload or Sources actions, and the API refuses them", async ({ page, request }) => {
    const email = `viewer-${Date.now()}@example.test`;
    const password = "viewer-password-123";
    const created = await request.post("/api/users", { headers: bearer(), data: { email, role: "viewer", password } });
    expect(created.status()).toBe(201);

    await page.goto("/sources");
    await signIn(page, email, password);
    await expect(page).toHaveURL("/sources");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Events" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Sources" })).toBeVisible(); // reading the sources is a viewer's
    await expect(nav.getByRole("link", { name: "Upload" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Add an S3 source" })).toHaveCount(0);
    for (const action of ["Sync now", "Edit", "Remove", "Pause", "Test connection"]) {
      await expect(page.getByRole("button", { name: action })).toHaveCount(0);
    }

    // Not-found pages offer what a viewer can do, not an upload.
    for (const url of ["/events/no-such-event-id", "/clusters/123456789012/eu-west-1/replication-group/nope"]) {
      const answer = await page.goto(url);
      expect([url, answer!.status()]).toEqual([url, 404]);
      await expect(page.getByRole("link", { name: "Search events for this id" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Upload CloudTrail files" })).toHaveCount(0);
    }

    // Settings: tokens of the viewer's own role only, and no admin sections.
    await page.goto("/settings");
    const tokenForm = page.getByRole("form", { name: "New API token" });
    await expect(tokenForm.getByLabel("Role").locator("option")).toHaveText(["viewer"]);
    await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);

    // Typed-in addresses are refused with a page that says why.
    for (const url of ["/upload", "/admin/users", "/admin/audit"]) {
      const answer = await page.goto(url);
      expect([url, answer!.status()]).toEqual([url, 403]);
      await expect(page.getByRole("heading", { name: "Not for your role" })).toBeVisible();
      await expect(page.getByText(`${email} is a viewer.`)).toBeVisible();
    }

    // The browser's own session, from the app's origin, still may not upload, add, sync or administer.
    await page.goto("/events"); // an app page (the 403 page's CSP allows no fetch at all)
    const refused = await page.evaluate(async () => {
      const form = new FormData();
      form.append("file", new Blob(['{"Records":[]}'], { type: "application/json" }), "x.json");
      const json = { method: "POST", body: "{}", headers: { "content-type": "application/json" } };
      const answers = await Promise.all([
        fetch("/api/ingest", { method: "POST", body: form }),
        fetch("/api/sources", json),
        fetch("/api/sources/1/sync", json),
        fetch("/api/users"),
        fetch("/api/audit"),
      ]);
      return [
        ...answers.map((a) => a.status),
        ((await answers[0]!.json()) as { error: { message: string } }).error.message,
      ];
    });
    expect(refused).toEqual([403, 403, 403, 403, 403, `This needs the uploader role; ${email} is a viewer.`]);
  });

  test("single sign-on: sign in at the identity provider and land signed in where the link pointed", async ({
    page,
  }) => {
    await page.goto("/events?range=7d");
    await expect(page).toHaveURL("/sign-in?next=%2Fevents%3Frange%3D7d");
    await page.getByRole("button", { name: `Sign in with ${E2E_OIDC.name}` }).click();

    // At the provider (another origin): its own sign-in form.
    await expect(page.getByRole("heading", { name: "Test identity provider" })).toBeVisible();
    const form = page.getByRole("form", { name: "Provider sign-in" });
    await form.getByLabel("E-mail").fill(E2E_OIDC.person.email);
    await form.getByLabel("Password").fill(E2E_OIDC.person.password);
    await form.getByRole("button", { name: "Continue" }).click();

    await expect(page).toHaveURL("/events?range=7d");
    const user = page.getByLabel("Signed in as");
    await expect(user.getByRole("link", { name: E2E_OIDC.person.email })).toBeVisible();
    // A new SSO user gets OIDC_DEFAULT_ROLE: a viewer here.
    await expect(user.getByRole("link", { name: E2E_OIDC.person.email })).toHaveAttribute(
      "title",
      `${E2E_OIDC.person.email} (viewer)`,
    );
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Upload" })).toHaveCount(0);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL("/sign-in");
  });

  test("a share link opens signed out with its preview, counts views, and stops when revoked", async ({
    browser,
    request,
  }) => {
    const ingested = await request.post("/api/ingest", {
      headers: bearer(),
      multipart: { file: seedFile("create-cache-cluster.json") },
    });
    expect(ingested.status()).toBe(200);
    // The guide's CreateCacheCluster record, whatever other journeys stored before this one.
    const eventId = "92762127-7a68-42ce-8787-927d2174cde1";

    const admin = await browser.newContext({ storageState: ADMIN_STATE, baseURL });
    const adminPage = await admin.newPage();
    await adminPage.goto(`/events/${encodeURIComponent(eventId)}`);
    await adminPage.getByRole("button", { name: "Share" }).click();
    const link = await adminPage.getByLabel("Share link").inputValue();
    expect(link).toMatch(new RegExp(`^${baseURL}/share/[A-Za-z0-9_-]{43}$`));

    const stranger = await browser.newContext({ storageState: SIGNED_OUT, baseURL });
    const page = await stranger.newPage();
    await page.goto(link);
    await expect(page.getByText("A shared CacheTrail event: read-only, and only this event.")).toBeVisible();
    await expect(page.getByRole("heading", { level: 1, name: "CreateCacheCluster" })).toBeVisible();
    const ogTitle = await page.locator('meta[property="og:title"]').getAttribute("content");
    expect(ogTitle).toMatch(
      /^CreateCacheCluster on test-memcached by elasticache-allow — \d{4}-\d\d-\d\d \d\d:\d\d UTC$/,
    );
    await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
    // Only that event: the rest of the app still asks for sign-in.
    await page.goto("/events");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fevents$/);

    await adminPage.goto("/settings");
    const row = adminPage
      .getByRole("region", { name: "Share links" })
      .getByRole("row")
      .filter({ hasText: "CreateCacheCluster" })
      .first();
    await expect(row.getByRole("cell").nth(3)).toHaveText("1"); // views: the stranger's one
    await row.getByRole("button", { name: "Revoke" }).click();
    await expect(row).toContainText("revoked");

    const after = await page.goto(link);
    expect(after!.status()).toBe(404);
    await admin.close();
    await stranger.close();
  });
});

test("an API token works with curl-style requests and stops working when revoked", async ({ page }) => {
  await page.goto("/settings");
  const form = page.getByRole("form", { name: "New API token" });
  await form.getByLabel("Name").fill("curl-journey");
  await form.getByLabel("Role").selectOption("uploader");
  await form.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();

  const curl = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: bearer(token) });
  expect((await curl.get("/api/events")).status()).toBe(200);
  const pageAnswer = await curl.get("/events", { maxRedirects: 0 });
  expect(pageAnswer.status()).toBe(200);
  const upload = await curl.post("/api/ingest", { multipart: { file: seedFile("describe-cache-clusters.json") } });
  expect(upload.status()).toBe(200);
  expect((await curl.get("/api/sources/1/objects")).status()).toBeLessThan(500);
  expect((await curl.post("/api/sources", { data: {} })).status()).toBe(403); // an uploader token, not admin

  await page.reload();
  const row = page.getByRole("region", { name: "API tokens" }).getByRole("row").filter({ hasText: "curl-journey" });
  await row.getByRole("button", { name: "Revoke curl-journey" }).click();
  await expect(row).toContainText("revoked");

  expect((await curl.get("/api/events")).status()).toBe(401);
  const pageAfter = await curl.get("/events", { maxRedirects: 0 });
  expect(pageAfter.status()).toBe(307);
  await curl.dispose();

  await page.goto("/ingestions");
  await expect(page.getByRole("table")).toContainText('admin@example.test (token "curl-journey")');
});
