import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { startTestOidcProvider, type TestOidcProvider } from "../helpers/oidc-provider";

// Single sign-on against a real OpenID Connect provider (npm oidc-provider) on loopback: discovery,
// the authorization code flow with PKCE and a signed ID token, the person signing in at the
// provider's own form, the callback — and what CacheTrail makes of it: a new user with
// OIDC_DEFAULT_ROLE, an existing one linked (keeping their role), a domain outside
// OIDC_ALLOWED_DOMAINS or a disabled account refused with words the sign-in page shows.

const APP = "http://localhost:3000";
const CALLBACK = `${APP}/api/auth/callback/oidc`;
const CLIENT = { clientId: "cachetrail-test", clientSecret: "test-client-secret-0123456789" };
const PEOPLE = {
  newcomer: { sub: "sub-newcomer", email: "Nia@Corp.Example", name: "Nia Newcomer", password: "nia-password" },
  admin: { sub: "sub-admin", email: "olu@corp.example", name: "Olu Admin", password: "olu-password" },
  outsider: { sub: "sub-outsider", email: "eve@elsewhere.example", name: "Eve", password: "eve-password" },
  disabled: { sub: "sub-disabled", email: "dan@corp.example", name: "Dan", password: "dan-password" },
  unverified: {
    sub: "sub-unverified",
    email: "olu@corp.example",
    name: "Not Olu",
    password: "mallory-password",
    emailVerified: false,
  },
};

type AuthHandler = (request: NextRequest) => Promise<Response>;
let t: TestDatabase;
let idp: TestOidcProvider;
let authGet: AuthHandler;
let authPost: AuthHandler;
let eventsRoute: (typeof import("@/app/api/events/route"))["GET"];

beforeAll(async () => {
  idp = await startTestOidcProvider({ ...CLIENT, redirectUris: [CALLBACK], identities: Object.values(PEOPLE) });
  // lib/env.ts reads the environment once: set it, then load the app's modules afresh.
  vi.stubEnv("OIDC_ISSUER", idp.issuer);
  vi.stubEnv("OIDC_CLIENT_ID", CLIENT.clientId);
  vi.stubEnv("OIDC_CLIENT_SECRET", CLIENT.clientSecret);
  vi.stubEnv("OIDC_ALLOWED_DOMAINS", "corp.example, other.example");
  vi.stubEnv("OIDC_DEFAULT_ROLE", "uploader");
  vi.resetModules();
  t = await createTestDatabase();
  (await import("@/lib/db/client")).setClientForTests(t.prisma);
  const auth = await import("@/app/api/auth/[...all]/route");
  authGet = auth.GET;
  authPost = auth.POST;
  eventsRoute = (await import("@/app/api/events/route")).GET;
  const { createUser, updateUser } = await import("@/lib/auth/users");
  await createUser(t.prisma, { email: PEOPLE.admin.email, role: "admin", password: "a-long-admin-password" });
  const dan = await createUser(t.prisma, { email: PEOPLE.disabled.email, role: "viewer" });
  await updateUser(t.prisma, dan.id, { disabled: true });
}, 60_000);
afterAll(async () => {
  vi.unstubAllEnvs();
  await idp?.close();
  await t?.drop();
});

/** Cookies as a browser keeps them: name=value pairs from Set-Cookie, later ones replacing earlier. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const [name, value] = [pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim()];
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

interface Journey {
  /** Where the app's callback sent the browser in the end. */
  landedAt: URL;
  app: CookieJar;
  authorizeUrl: URL;
}

/** A person clicks "Sign in with SSO" on the app, signs in at the provider, and comes back. */
async function signInWithSso(person: { email: string; password: string }, next = "/events?range=7d"): Promise<Journey> {
  const app = new CookieJar();
  const start = await authPost(
    new NextRequest(`${APP}/api/auth/sign-in/social`, {
      method: "POST",
      headers: { origin: APP, "content-type": "application/json" },
      body: JSON.stringify({ provider: "oidc", callbackURL: next, errorCallbackURL: "/sign-in?sso=failed" }),
    }),
  );
  expect(start.status).toBe(200);
  app.take(start);
  const { url } = (await start.json()) as { url: string };
  const authorizeUrl = new URL(url);

  // At the provider: its own cookies, its sign-in form, then back to the app with a code.
  const provider = new CookieJar();
  let location = url;
  let form = false;
  for (let hop = 0; hop < 10 && location.startsWith(idp.issuer); hop++) {
    const response = await fetch(location, { redirect: "manual", headers: { cookie: provider.header() } });
    provider.take(response);
    if (response.status === 200) {
      const html = await response.text();
      expect(html).toContain('aria-label="Provider sign-in"');
      const action = /action="([^"]+)"/.exec(html)![1]!;
      const submitted = await fetch(new URL(action, idp.issuer), {
        method: "POST",
        redirect: "manual",
        headers: { cookie: provider.header(), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: person.email, password: person.password }),
      });
      provider.take(submitted);
      form = true;
      location = new URL(submitted.headers.get("location")!, idp.issuer).toString();
      continue;
    }
    expect([302, 303]).toContain(response.status);
    location = new URL(response.headers.get("location")!, idp.issuer).toString();
  }
  expect(form).toBe(true);
  expect(location.startsWith(`${CALLBACK}?`)).toBe(true);

  const callback = await authGet(new NextRequest(location, { headers: { cookie: app.header() } }));
  expect(callback.status).toBe(302);
  app.take(callback);
  return { landedAt: new URL(callback.headers.get("location")!, APP), app, authorizeUrl };
}

describe("single sign-on with OpenID Connect", () => {
  it("the provider's discovery document is what the app's redirect is built from", async () => {
    const discovery = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(discovery.issuer).toBe(idp.issuer);
    const start = await authPost(
      new NextRequest(`${APP}/api/auth/sign-in/social`, {
        method: "POST",
        headers: { origin: APP, "content-type": "application/json" },
        body: JSON.stringify({ provider: "oidc", callbackURL: "/" }),
      }),
    );
    const url = new URL(((await start.json()) as { url: string }).url);
    expect(`${url.origin}${url.pathname}`).toBe(discovery.authorization_endpoint);
    expect(
      Object.fromEntries([...url.searchParams].filter(([k]) => !["state", "code_challenge", "nonce"].includes(k))),
    ).toEqual({
      response_type: "code",
      client_id: CLIENT.clientId,
      scope: "openid email profile",
      redirect_uri: CALLBACK,
      code_challenge_method: "S256",
    });
    expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get("nonce")).toBeTruthy();
  });

  it("a newcomer from an allowed domain is created with OIDC_DEFAULT_ROLE and lands where they were going", async () => {
    const { landedAt, app } = await signInWithSso(PEOPLE.newcomer);
    expect(`${landedAt.pathname}${landedAt.search}`).toBe("/events?range=7d");
    expect(app.get("cachetrail.session_token")).toBeTruthy();

    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: "nia@corp.example" } });
    expect([user.role, user.name, user.disabled]).toEqual(["uploader", "Nia Newcomer", false]);
    const accounts = await t.prisma.account.findMany({
      where: { userId: user.id },
      select: { providerId: true, accountId: true },
    });
    expect(accounts).toEqual([{ providerId: "oidc", accountId: "sub-newcomer" }]);
    const audit = await t.prisma.auditEntry.findMany({ where: { action: "sign-in", actor: "nia@corp.example" } });
    expect(audit.map((a) => a.details)).toEqual([{ method: "oidc" }]);

    // The session opens the API, as that role.
    const events = await eventsRoute(new NextRequest(`${APP}/api/events`, { headers: { cookie: app.header() } }), {
      params: Promise.resolve({}),
    });
    expect(events.status).toBe(200);
    const session = await authGet(
      new NextRequest(`${APP}/api/auth/get-session`, { headers: { cookie: app.header() } }),
    );
    expect(await session.json()).toMatchObject({ user: { email: "nia@corp.example", role: "uploader" } });

    // Signing in again finds the same user and account.
    await signInWithSso(PEOPLE.newcomer, "/");
    expect(await t.prisma.user.count({ where: { email: "nia@corp.example" } })).toBe(1);
    expect(await t.prisma.account.count({ where: { userId: user.id, providerId: "oidc" } })).toBe(1);
  });

  it("an existing user with the same e-mail is linked and keeps their role", async () => {
    const { landedAt } = await signInWithSso(PEOPLE.admin);
    expect(landedAt.pathname).toBe("/events");
    const users = await t.prisma.user.findMany({ where: { email: "olu@corp.example" }, include: { accounts: true } });
    expect(users.map((u) => u.role)).toEqual(["admin"]);
    expect(users[0]!.accounts.map((a) => a.providerId).sort()).toEqual(["credential", "oidc"]);
  });

  it("does not link an existing user to an identity whose e-mail the provider has not verified", async () => {
    const { landedAt, app } = await signInWithSso(PEOPLE.unverified);
    expect(landedAt.pathname).toBe("/sign-in");
    expect(landedAt.searchParams.get("error")).toBe("account_not_linked");
    expect(app.get("cachetrail.session_token")).toBeUndefined();
    expect(await t.prisma.account.count({ where: { accountId: "sub-unverified" } })).toBe(0);
  });

  it("refuses an e-mail domain outside OIDC_ALLOWED_DOMAINS, creating nobody", async () => {
    const before = await t.prisma.user.count();
    const { landedAt, app } = await signInWithSso(PEOPLE.outsider);
    expect(landedAt.pathname).toBe("/sign-in");
    expect(landedAt.searchParams.get("sso")).toBe("failed");
    expect(landedAt.searchParams.get("error")).toBe("EMAIL_DOMAIN_NOT_ALLOWED");
    expect(app.get("cachetrail.session_token")).toBeUndefined();
    expect(await t.prisma.user.count()).toBe(before);
  });

  it("refuses a disabled account", async () => {
    const { landedAt, app } = await signInWithSso(PEOPLE.disabled);
    expect(landedAt.pathname).toBe("/sign-in");
    expect(landedAt.searchParams.get("error")).toBe("ACCOUNT_DISABLED");
    expect(app.get("cachetrail.session_token")).toBeUndefined();
  });
});
