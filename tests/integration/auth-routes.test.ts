import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config as proxyConfig, proxy } from "@/proxy";
import { pageAccess } from "@/lib/auth/page-access";
import { roleAllows, roleSchema, type Access, type Role } from "@/lib/auth/roles";
import { setClientForTests } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { authHeaders, testToken } from "../helpers/routes";

// Every page and API route found in app/ on disk — so a route added tomorrow is covered without
// touching this file — is refused to an anonymous caller: pages redirect to sign-in with the exact
// way back, APIs answer 401 JSON. Then each API method is called with each role's token and must
// answer 403 exactly when the role is below the access it declares; the declared matrix of the
// routes we know is written out below, so a route cannot quietly become more open.

const APP = path.resolve("app");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

/** app/clusters/(list)/page.tsx → /clusters; [id] → a sample value. */
function urlPathOf(file: string): string {
  const segments = path
    .relative(APP, path.dirname(file))
    .split(path.sep)
    .filter((s) => s && !/^\(.*\)$/.test(s))
    .map((s) => (s.startsWith("[") ? "sample-1" : s));
  return `/${segments.join("/")}`;
}

const files = walk(APP);
const pages = files
  .filter((f) => /\/page\.[jt]sx?$/.test(f))
  .map((f) => ({ file: path.relative(APP, f), url: urlPathOf(f) }));
const routes = files
  .filter((f) => /\/route\.[jt]sx?$/.test(f))
  .map((f) => ({ file: path.relative(APP, f), abs: f, url: urlPathOf(f) }));

/**
 * What each page needs. A page on disk missing here fails the test, so whoever adds one decides
 * (and a page cannot quietly become more open than this list says).
 */
const EXPECTED_PAGES: Record<string, Access> = {
  "page.tsx": "viewer",
  "actors/page.tsx": "viewer",
  "actors/[actorKey]/page.tsx": "viewer",
  "admin/audit/page.tsx": "admin",
  "admin/users/page.tsx": "admin",
  "clusters/(list)/page.tsx": "viewer",
  "completeness/page.tsx": "viewer",
  "clusters/[account]/[region]/[kind]/[id]/page.tsx": "viewer",
  "events/(list)/page.tsx": "viewer",
  "events/[eventId]/page.tsx": "viewer",
  "ingestions/page.tsx": "viewer",
  "ingestions/[runId]/page.tsx": "viewer",
  "security/page.tsx": "viewer",
  "settings/page.tsx": "viewer",
  "setup/page.tsx": "public",
  "share/[key]/page.tsx": "public",
  "sign-in/page.tsx": "public",
  "sources/page.tsx": "viewer",
  "upload/page.tsx": "uploader",
};

/**
 * Server actions are POST endpoints of their own that no apiRoute guards: each must check who may
 * call it itself. The first-run form's only works while no user exists (createFirstAdmin).
 */
const KNOWN_SERVER_ACTIONS = ["setup/actions.ts"];

/**
 * Files in app/ that answer requests other than pages and route handlers (metadata routes such as
 * opengraph-image, icon, sitemap): none today. One added must be listed here on purpose.
 */
const OTHER_ENDPOINTS = files
  .map((f) => path.relative(APP, f))
  .filter((f) => /(^|\/)(opengraph-image|twitter-image|icon|apple-icon|sitemap|robots|manifest)\.[a-z]+$/.test(f));

/** The proxy's matcher (proxy.ts config), as the regular expression Next.js makes of it. */
const proxyMatchers = proxyConfig.matcher.map((m) => new RegExp(`^${m}$`));

/** better-auth's own endpoints: how one signs in, open by nature (tested in auth-sessions.test.ts). */
const SIGN_IN_ENDPOINTS = "api/auth/[...all]/route.ts";

/** What each known route+method needs. A discovered route not listed must still enforce what it declares. */
const EXPECTED: Record<string, Access> = {
  "GET api/health/route.ts": "public",
  "GET api/events/route.ts": "viewer",
  "GET api/events/[eventId]/route.ts": "viewer",
  "GET api/events/export/route.ts": "viewer",
  "GET api/events/facets/route.ts": "viewer",
  "GET api/resources/route.ts": "viewer",
  "GET api/completeness/route.ts": "viewer",
  "GET api/completeness/keys/route.ts": "viewer",
  "POST api/completeness/keys/route.ts": "admin",
  "GET api/completeness/fetch/route.ts": "viewer",
  "POST api/completeness/fetch/route.ts": "uploader",
  "GET api/ingestions/route.ts": "viewer",
  "GET api/ingestions/[runId]/route.ts": "viewer",
  "POST api/ingest/route.ts": "uploader",
  "GET api/ingest/progress/[uploadId]/route.ts": "uploader",
  "GET api/sources/route.ts": "viewer",
  "POST api/sources/route.ts": "admin",
  "PATCH api/sources/[id]/route.ts": "admin",
  "DELETE api/sources/[id]/route.ts": "admin",
  "POST api/sources/[id]/sync/route.ts": "admin",
  "POST api/sources/[id]/test/route.ts": "admin",
  "GET api/users/route.ts": "admin",
  "POST api/users/route.ts": "admin",
  "PATCH api/users/[id]/route.ts": "admin",
  "GET api/audit/route.ts": "admin",
  "GET api/tokens/route.ts": "viewer",
  "POST api/tokens/route.ts": "viewer",
  "DELETE api/tokens/[id]/route.ts": "viewer",
  "GET api/share-links/route.ts": "viewer",
  "POST api/share-links/route.ts": "viewer",
  "DELETE api/share-links/[id]/route.ts": "viewer",
};

const TOKENS_MADE_BY_PEOPLE = "POST api/tokens/route.ts";

type Handler = ((request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>) & {
  access?: Access;
};

let t: TestDatabase;
const handlers: { key: string; url: string; method: string; handler: Handler }[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  setClientForTests(t.prisma);
  await testToken("admin"); // someone exists: no first-run redirect to /setup
  for (const route of routes) {
    if (route.file === SIGN_IN_ENDPOINTS) continue;
    const mod = (await import(/* @vite-ignore */ route.abs)) as Record<string, unknown>;
    for (const method of METHODS) {
      const handler = mod[method];
      if (typeof handler === "function")
        handlers.push({ key: `${method} ${route.file}`, url: route.url, method, handler: handler as Handler });
    }
  }
});
afterAll(async () => {
  await t.drop();
});

const sampleParams = new Proxy({}, { get: () => "sample-1", has: () => true, ownKeys: () => [] });

function callRoute(h: (typeof handlers)[number], headers: Record<string, string>) {
  const request = new NextRequest(`http://localhost${h.url}`, {
    method: h.method,
    headers: { "content-type": "application/json", ...headers },
    ...(h.method === "GET" || h.method === "DELETE" ? {} : { body: "{}" }),
  });
  return h.handler(request, { params: Promise.resolve(sampleParams as Record<string, string>) });
}

describe("the routes found on disk", () => {
  it("include every page and API route we know of, and the ones added later", () => {
    expect(pages.length).toBeGreaterThanOrEqual(12);
    expect(pages.map((p) => p.url)).toEqual(
      expect.arrayContaining(["/", "/events", "/sign-in", "/setup", "/settings"]),
    );
    expect(handlers.length).toBeGreaterThanOrEqual(Object.keys(EXPECTED).length);
    for (const key of Object.keys(EXPECTED)) expect(handlers.map((h) => h.key)).toContain(key);
  });

  it("every page is in the page matrix with its access, and the proxy's matcher reaches every page and API route", () => {
    expect(Object.fromEntries(pages.map((p) => [p.file, pageAccess(p.url)]))).toEqual(EXPECTED_PAGES);
    for (const url of [...pages.map((p) => p.url), ...routes.map((r) => r.url)]) {
      // POST /api/ingest alone is left out (its body must stream; proxy.ts): authorize() checks its host.
      expect([url, proxyMatchers.some((m) => m.test(url))]).toEqual([url, url !== "/api/ingest"]);
    }
    expect(proxyMatchers.some((m) => m.test("/api/ingest/progress/x"))).toBe(true);
    expect(proxyMatchers.some((m) => m.test("/api/ingestions"))).toBe(true);
    // The matcher skips only the build's static files and the icon.
    expect(proxyMatchers.some((m) => m.test("/_next/static/chunks/app.js"))).toBe(false);
  });

  it("has no server action, metadata route or other endpoint nobody reviewed for sign-in", () => {
    const serverActions = files
      .filter((f) => /\.[jt]sx?$/.test(f) && /^\s*["']use server["']/m.test(readFileSync(f, "utf8")))
      .map((f) => path.relative(APP, f));
    expect(serverActions).toEqual(KNOWN_SERVER_ACTIONS);
    expect(OTHER_ENDPOINTS).toEqual([]);
  });

  it("every API handler goes through apiRoute and declares its access", () => {
    const undeclared = handlers.filter((h) => h.handler.access === undefined).map((h) => h.key);
    expect(undeclared).toEqual([]);
  });

  it("the known routes declare exactly the access of the role matrix; only the health check is public", () => {
    for (const h of handlers) {
      if (EXPECTED[h.key]) expect([h.key, h.handler.access]).toEqual([h.key, EXPECTED[h.key]]);
      else expect([h.key, h.handler.access]).not.toEqual([h.key, "public"]);
    }
  });
});

describe("anonymous callers", () => {
  it("get 401 JSON from every API route but the health check", async () => {
    for (const h of handlers) {
      if (h.handler.access === "public") continue;
      const response = await callRoute(h, {});
      expect([h.key, response.status]).toEqual([h.key, 401]);
      expect(await response.json()).toMatchObject({ error: { status: 401 } });
    }
  });

  it("are sent from every page to sign-in, and back to the exact URL", async () => {
    for (const page of pages) {
      if (pageAccess(page.url) === "public") continue;
      const wanted = `${page.url}?range=7d&q=a%20b`;
      const response = await proxy(
        new NextRequest(`http://localhost:3000${wanted}`, { headers: { host: "localhost:3000" } }),
      );
      expect([page.file, response.status]).toEqual([page.file, 307]);
      const location = new URL(response.headers.get("location")!);
      expect([page.file, location.pathname, location.searchParams.get("next")]).toEqual([
        page.file,
        "/sign-in",
        wanted,
      ]);
    }
  });

  it("may open the sign-in page and share links (a share link checks its own key)", async () => {
    for (const url of ["/sign-in", "/share/sample-1"]) {
      const response = await proxy(
        new NextRequest(`http://localhost:3000${url}`, { headers: { host: "localhost:3000" } }),
      );
      expect([url, response.status, response.headers.get("location")]).toEqual([url, 200, null]);
      expect(response.headers.get("content-security-policy")).toMatch(
        /script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/,
      );
    }
  });

  it("cannot reach the server under a host name it does not serve (DNS rebinding)", async () => {
    const response = await proxy(new NextRequest("http://evil.example/events", { headers: { host: "evil.example" } }));
    expect(response.status).toBe(421);
    // POST /api/ingest, which the proxy does not reach, refuses it itself, signed in or not.
    const ingest = handlers.find((h) => h.key === "POST api/ingest/route.ts")!;
    const refused = await callRoute(ingest, { ...(await authHeaders("admin")), host: "evil.example" });
    expect(refused.status).toBe(421);
  });
});

describe("the role matrix", () => {
  it("each role is refused (403) exactly the API routes above it, and admitted to the rest", async () => {
    for (const role of roleSchema.options) {
      const headers = await authHeaders(role);
      for (const h of handlers) {
        const access = h.handler.access!;
        const response = await callRoute(h, headers);
        const refused = response.status === 403 || response.status === 401;
        if (h.key === TOKENS_MADE_BY_PEOPLE) {
          // Whatever the role, a token may not mint tokens (a stolen one could outlive its revocation).
          expect((await response.json()).error.message).toBe(
            "Tokens are made by people signed in, not by other tokens.",
          );
          continue;
        }
        expect([h.key, role, refused]).toEqual([h.key, role, !roleAllows(role, access)]);
      }
    }
  });

  it("pages: each role opens exactly the pages of its access, and gets 403 from the rest", async () => {
    for (const role of roleSchema.options) {
      const headers = { host: "localhost:3000", ...(await authHeaders(role)) };
      for (const page of pages) {
        const access = EXPECTED_PAGES[page.file] ?? "viewer";
        const response = await proxy(new NextRequest(`http://localhost:3000${page.url}`, { headers }));
        // A signed-in person on the first-run page goes to sign-in: it is gone once an admin exists.
        const expected = page.url === "/setup" ? 307 : roleAllows(role, access) ? 200 : 403;
        expect([role, page.file, response.status]).toEqual([role, page.file, expected]);
      }
    }
    // Spelled out, the cases people ask about.
    const cases: [Role, string, number][] = [
      ["viewer", "/events", 200],
      ["viewer", "/upload", 403],
      ["viewer", "/admin/users", 403],
      ["viewer", "/settings", 200],
      ["uploader", "/upload", 200],
      ["uploader", "/admin/audit", 403],
      ["admin", "/admin/users", 200],
    ];
    for (const [role, url, status] of cases) {
      const headers = { host: "localhost:3000", ...(await authHeaders(role)) };
      const response = await proxy(new NextRequest(`http://localhost:3000${url}`, { headers }));
      expect([role, url, response.status]).toEqual([role, url, status]);
      if (status === 403) expect(await response.text()).toContain(`is a${role === "admin" ? "n" : ""} ${role}.`);
    }
  });
});
