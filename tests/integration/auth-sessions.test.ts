import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as eventsRoute } from "@/app/api/events/route";
import { POST as ingestRoute } from "@/app/api/ingest/route";
import { GET as authGet, POST as authPost } from "@/app/api/auth/[...all]/route";
import { PEER_ADDRESS_HEADER as PEER } from "@/lib/auth/request-guards";
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP } from "@/lib/auth/sign-in-limits";
import { createUser, ensureEnvironmentAdmin, updateUser } from "@/lib/auth/users";
import { setClientForTests } from "@/lib/db/client";
import { generateElastiCacheRecords } from "@/tools/corpus";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { authHeaders } from "../helpers/routes";

// Sign-in through better-auth's real endpoints on our Prisma 7 client, the session cookie on an API
// route, the cross-site guard on uploads, sign-out, disabled users and the sign-in limits.

let t: TestDatabase;
const ORIGIN = "http://localhost:3000";
const PASSWORD = "a-long-enough-password";

beforeAll(async () => {
  t = await createTestDatabase();
  setClientForTests(t.prisma);
  await createUser(t.prisma, { email: "Ana@Example.com", role: "uploader", password: PASSWORD });
});
afterAll(async () => {
  await t.drop();
});

const context = { params: Promise.resolve({}) };

function authRequest(path: string, body?: unknown, headers: Record<string, string> = {}) {
  return new NextRequest(`${ORIGIN}/api/auth${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { origin: ORIGIN, "content-type": "application/json", [PEER]: "203.0.113.7", ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function signIn(email: string, password: string, ip = "203.0.113.7") {
  return authPost(authRequest("/sign-in/email", { email, password }, { [PEER]: ip }));
}

function cookieOf(response: Response): string {
  const cookies = response.headers.getSetCookie().map((c) => c.split(";")[0]!);
  const session = cookies.find((c) => c.startsWith("cachetrail.session_token="));
  if (!session) throw new Error(`no session cookie in ${JSON.stringify(cookies)}`);
  return session;
}

function multipart(): { body: string; type: string } {
  const boundary = "----t";
  const file = JSON.stringify({ Records: generateElastiCacheRecords(3, 7) });
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="t.json"\r\n` +
    `Content-Type: application/json\r\n\r\n${file}\r\n--${boundary}--\r\n`;
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

describe("password sign-in", () => {
  it("sets an httpOnly SameSite=Lax session cookie that opens API routes", async () => {
    const response = await signIn("ana@example.com", PASSWORD);
    expect(response.status).toBe(200);
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("cachetrail.session_token="))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = cookieOf(response);
    const events = await eventsRoute(new NextRequest(`${ORIGIN}/api/events`, { headers: { cookie } }), context);
    expect(events.status).toBe(200);
    const anonymous = await eventsRoute(new NextRequest(`${ORIGIN}/api/events`), context);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({
      error: { status: 401, message: expect.stringMatching(/^Sign in/) },
    });
    const audit = await t.prisma.auditEntry.findMany({ where: { action: "sign-in" } });
    expect(audit.map((a) => [a.actor, a.ip])).toEqual([["ana@example.com", "203.0.113.7"]]);
  });

  it("refuses a wrong password with 401 and records the failure", async () => {
    const response = await signIn("ana@example.com", "not-the-password");
    expect(response.status).toBe(401);
    expect(await t.prisma.auditEntry.count({ where: { action: "sign-in.failed", target: "ana@example.com" } })).toBe(1);
  });

  it("signs out: the cookie stops working", async () => {
    const cookie = cookieOf(await signIn("ana@example.com", PASSWORD));
    const out = await authPost(authRequest("/sign-out", {}, { cookie }));
    expect(out.status).toBe(200);
    const events = await eventsRoute(new NextRequest(`${ORIGIN}/api/events`, { headers: { cookie } }), context);
    expect(events.status).toBe(401);
  });

  it("a disabled user's sessions stop and they cannot sign in again", async () => {
    const user = await createUser(t.prisma, { email: "gone@example.com", role: "viewer", password: PASSWORD });
    const cookie = cookieOf(await signIn("gone@example.com", PASSWORD));
    await updateUser(t.prisma, user.id, { disabled: true });
    const events = await eventsRoute(new NextRequest(`${ORIGIN}/api/events`, { headers: { cookie } }), context);
    expect(events.status).toBe(401);
    expect((await signIn("gone@example.com", PASSWORD)).ok).toBe(false);
  });

  it("limits failures per account, with a message that says when to try again", async () => {
    await createUser(t.prisma, { email: "bob@example.com", role: "viewer", password: PASSWORD });
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      expect((await signIn("bob@example.com", `wrong-${i}`, `198.51.100.${i}`)).status).toBe(401);
    }
    const refused = await signIn("bob@example.com", PASSWORD, "198.51.100.99");
    expect(refused.status).toBe(429);
    expect((await refused.json()).message).toMatch(
      /^Too many failed sign-ins for bob@example.com: 5 in 15 minutes\. Try again in 1[45] minutes/,
    );
    // Another account from one of those addresses is not affected.
    expect((await signIn("ana@example.com", PASSWORD, "198.51.100.1")).status).toBe(200);
  });

  it("limits failures per address across accounts", async () => {
    // 19 failures recorded as the sign-in endpoint records them, the 20th through it.
    await t.prisma.auditEntry.createMany({
      data: Array.from({ length: MAX_FAILURES_PER_IP - 1 }, (_, i) => ({
        actor: `nobody${i}@example.com`,
        action: "sign-in.failed",
        target: `nobody${i}@example.com`,
        ip: "192.0.2.50",
      })),
    });
    expect((await signIn("nobody@example.com", "whatever-password", "192.0.2.50")).status).toBe(401);
    const refused = await signIn("ana@example.com", PASSWORD, "192.0.2.50");
    expect(refused.status).toBe(429);
    expect((await refused.json()).message).toMatch(/^Too many failed sign-ins from your address \(192\.0\.2\.50\)/);
  });

  it("a client cannot dodge the per-address limit with X-Forwarded-For (no trusted proxy by default)", async () => {
    await t.prisma.auditEntry.createMany({
      data: Array.from({ length: MAX_FAILURES_PER_IP }, (_, i) => ({
        actor: `spoof${i}@example.com`,
        action: "sign-in.failed",
        target: `spoof${i}@example.com`,
        ip: "192.0.2.77",
      })),
    });
    const spoofed = await authPost(
      authRequest(
        "/sign-in/email",
        { email: "ana@example.com", password: PASSWORD },
        { [PEER]: "192.0.2.77", "x-forwarded-for": "203.0.113.200" },
      ),
    );
    expect(spoofed.status).toBe(429);
    expect((await spoofed.json()).message).toMatch(/^Too many failed sign-ins from your address \(192\.0\.2\.77\)/);
    const refused = await t.prisma.auditEntry.findFirst({
      where: { action: "sign-in.refused" },
      orderBy: { id: "desc" },
    });
    expect(refused?.ip).toBe("192.0.2.77");
  });

  it("signs out everywhere: every session of that user stops, other users' keep working", async () => {
    await createUser(t.prisma, { email: "ben@example.com", role: "viewer", password: PASSWORD });
    const laptop = cookieOf(await signIn("ana@example.com", PASSWORD));
    const phone = cookieOf(await signIn("ana@example.com", PASSWORD));
    const other = cookieOf(await signIn("ben@example.com", PASSWORD));
    const out = await authPost(authRequest("/revoke-sessions", {}, { cookie: laptop }));
    expect(out.status).toBe(200);
    for (const cookie of [laptop, phone])
      expect(
        (await eventsRoute(new NextRequest(`${ORIGIN}/api/events`, { headers: { cookie } }), context)).status,
      ).toBe(401);
    const stillIn = await eventsRoute(new NextRequest(`${ORIGIN}/api/events`, { headers: { cookie: other } }), context);
    expect(stillIn.status).toBe(200);
  });

  it("creates the environment's admin at start-up, and resets them (role, enabled, password) on the next", async () => {
    const first = await ensureEnvironmentAdmin(t.prisma, "Ops@Example.com", "first-admin-password");
    expect(first).toBe("created");
    expect(await t.prisma.user.findUnique({ where: { email: "ops@example.com" } })).toMatchObject({
      role: "admin",
      disabled: false,
    });
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: "ops@example.com" } });
    await createUser(t.prisma, { email: "keeper@example.com", role: "admin", password: PASSWORD }); // not the last admin
    await updateUser(t.prisma, user.id, { role: "viewer", disabled: true });
    expect(await ensureEnvironmentAdmin(t.prisma, "ops@example.com", "second-admin-password")).toBe("updated");
    expect(await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      role: "admin",
      disabled: false,
    });
    expect((await signIn("ops@example.com", "first-admin-password", "198.51.100.9")).status).toBe(401);
    expect((await signIn("ops@example.com", "second-admin-password", "198.51.100.9")).status).toBe(200);
  });

  it("reports the session to the browser", async () => {
    const cookie = cookieOf(await signIn("ana@example.com", PASSWORD));
    const session = await authGet(authRequest("/get-session", undefined, { cookie }));
    expect(await session.json()).toMatchObject({ user: { email: "ana@example.com", role: "uploader" } });
  });
});

describe("uploads and cross-site requests", () => {
  it("refuses a cross-origin multipart POST riding a session cookie, and stores nothing", async () => {
    const cookie = cookieOf(await signIn("ana@example.com", PASSWORD));
    const { body, type } = multipart();
    const before = await t.prisma.event.count();
    const response = await ingestRoute(
      new NextRequest(`${ORIGIN}/api/ingest`, {
        method: "POST",
        headers: { cookie, origin: "https://evil.example", "content-type": type, host: "localhost:3000" },
        body,
      }),
      context,
    );
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toBe(
      "Refused a request from https://evil.example: not this app's origin.",
    );
    expect(await t.prisma.event.count()).toBe(before);
    expect(await t.prisma.ingestRun.count()).toBe(0);
  });

  it("accepts the same upload from the app's own page, and records who started the run", async () => {
    const cookie = cookieOf(await signIn("ana@example.com", PASSWORD));
    const { body, type } = multipart();
    const response = await ingestRoute(
      new NextRequest(`${ORIGIN}/api/ingest`, {
        method: "POST",
        headers: { cookie, origin: ORIGIN, "content-type": type, host: "localhost:3000", accept: "application/json" },
        body,
      }),
      context,
    );
    expect(response.status).toBe(200);
    const runs = await t.prisma.ingestRun.findMany({ select: { triggeredBy: true } });
    expect(runs).toEqual([{ triggeredBy: "ana@example.com" }]);
  });

  it("accepts a cross-origin upload with a bearer token (no ambient credential to abuse)", async () => {
    const { body, type } = multipart();
    const response = await ingestRoute(
      new NextRequest(`${ORIGIN}/api/ingest`, {
        method: "POST",
        headers: { ...(await authHeaders("uploader")), origin: "https://ci.example", "content-type": type },
        body,
      }),
      context,
    );
    expect(response.status).toBe(200);
    const runs = await t.prisma.ingestRun.findMany({ select: { triggeredBy: true }, orderBy: { id: "asc" } });
    expect(runs.at(-1)).toEqual({ triggeredBy: 'test-uploader@cachetrail.test (token "tests")' });
  });
});
