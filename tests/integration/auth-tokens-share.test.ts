import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as eventsRoute } from "@/app/api/events/route";
import { POST as createShareRoute } from "@/app/api/share-links/route";
import { DELETE as revokeShareRoute } from "@/app/api/share-links/[id]/route";
import { POST as createTokenRoute } from "@/app/api/tokens/route";
import { openShareLink } from "@/lib/auth/share-links";
import { createApiToken, revokeApiToken } from "@/lib/auth/tokens";
import { createUser, updateUser } from "@/lib/auth/users";
import { setClientForTests } from "@/lib/db/client";
import { storeRecords } from "@/tests/fixtures/store-records";
import { generateElastiCacheRecords } from "@/tools/corpus";
import { EVENT_ID_SELECT, eventIdOf } from "@/lib/events/event-id";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { call } from "../helpers/routes";

// API tokens (hashed, role at most the owner's, expiry, revocation, last use) and share links
// (one event, views counted, revocation, expiry), through the real routes.

let t: TestDatabase;
let eventId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  setClientForTests(t.prisma);
  await storeRecords(t.prisma, generateElastiCacheRecords(5, 11));
  eventId = eventIdOf(await t.prisma.event.findFirstOrThrow({ select: EVENT_ID_SELECT }));
});
afterAll(async () => {
  await t.drop();
});

const context = { params: Promise.resolve({}) };
const withToken = (token: string) =>
  eventsRoute(
    new NextRequest("http://localhost/api/events", { headers: { authorization: `Bearer ${token}` } }),
    context,
  );

describe("API tokens", () => {
  it("are stored as a hash only, and record their last use", async () => {
    const user = await createUser(t.prisma, { email: "ci@example.com", role: "uploader" });
    const created = await createApiToken(t.prisma, { id: user.id, role: "uploader" }, { name: "ci" });
    const row = await t.prisma.apiToken.findUniqueOrThrow({ where: { id: BigInt(created.id) } });
    expect(JSON.stringify(row, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain(
      created.token,
    );
    expect(row.lastUsedAt).toBeNull();
    expect((await withToken(created.token)).status).toBe(200);
    const used = await t.prisma.apiToken.findUniqueOrThrow({ where: { id: row.id } });
    expect(used.lastUsedAt).not.toBeNull();
  });

  it("cannot be made with a role above the owner's, and follow the owner's role down", async () => {
    const user = await createUser(t.prisma, { email: "v@example.com", role: "viewer" });
    await expect(
      createApiToken(t.prisma, { id: user.id, role: "viewer" }, { name: "x", role: "admin" }),
    ).rejects.toThrow("A viewer cannot create a token with the admin role.");
    const answer = await call(
      createTokenRoute,
      "POST",
      "/api/tokens",
      {},
      { as: "viewer", body: JSON.stringify({ name: "t" }) },
    );
    expect(answer.status).toBe(403); // a token cannot mint tokens

    const boss = await createUser(t.prisma, { email: "boss@example.com", role: "admin" });
    const token = (await createApiToken(t.prisma, { id: boss.id, role: "admin" }, { name: "adm" })).token;
    await createUser(t.prisma, { email: "other-admin@example.com", role: "admin" }); // not the last admin
    await updateUser(t.prisma, boss.id, { role: "viewer" });
    const refused = await call(createShareRoute, "POST", "/api/share-links", {}, { as: "anonymous" });
    expect(refused.status).toBe(401);
    const sources = await import("@/app/api/sources/route");
    const demoted = await sources.POST(
      new NextRequest("http://localhost/api/sources", {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
        body: "{}",
      }),
      context,
    );
    expect(demoted.status).toBe(403);
  });

  it("stop working when revoked, expired, or their user is disabled", async () => {
    const user = await createUser(t.prisma, { email: "ops@example.com", role: "viewer" });
    const owner = { id: user.id, role: "viewer" as const };
    const revoked = await createApiToken(t.prisma, owner, { name: "revoked" });
    const expired = await createApiToken(t.prisma, owner, { name: "expired", expiresAt: new Date(Date.now() - 1000) });
    const live = await createApiToken(t.prisma, owner, { name: "live" });
    await revokeApiToken(t.prisma, BigInt(revoked.id));
    expect((await withToken(revoked.token)).status).toBe(401);
    expect((await withToken(expired.token)).status).toBe(401);
    expect((await withToken(live.token)).status).toBe(200);
    await updateUser(t.prisma, user.id, { disabled: true });
    expect((await withToken(live.token)).status).toBe(401);
    expect((await withToken("ct_not-a-token")).status).toBe(401);
  });
});

describe("share links", () => {
  it("open one event, count views, and stop when revoked", async () => {
    const created = await call(
      createShareRoute,
      "POST",
      "/api/share-links",
      {},
      { as: "viewer", body: JSON.stringify({ eventId }) },
    );
    expect(created.status).toBe(201);
    const link = (await created.json()) as { id: string; url: string; expiresAt: string };
    expect(link.url).toMatch(/^\/share\/[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(link.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    const key = link.url.slice("/share/".length);

    expect(await openShareLink(t.prisma, key, true)).toBe(eventId);
    expect(await openShareLink(t.prisma, key, true)).toBe(eventId);
    expect(await openShareLink(t.prisma, `${key}x`, true)).toBeNull();
    const row = await t.prisma.shareLink.findUniqueOrThrow({ where: { id: BigInt(link.id) } });
    expect(row.views).toBe(2);

    // Another viewer cannot revoke it; its creator can.
    const stranger = await createUser(t.prisma, { email: "s@example.com", role: "viewer" });
    const strangerToken = (await createApiToken(t.prisma, { id: stranger.id, role: "viewer" }, { name: "s" })).token;
    const notTheirs = await revokeShareRoute(
      new NextRequest(`http://localhost/api/share-links/${link.id}`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${strangerToken}` },
      }),
      { params: Promise.resolve({ id: link.id }) },
    );
    expect(notTheirs.status).toBe(404);
    const revoked = await call(
      revokeShareRoute,
      "DELETE",
      `/api/share-links/${link.id}`,
      { id: link.id },
      { as: "viewer" },
    );
    expect(revoked.status).toBe(204);
    expect(await openShareLink(t.prisma, key, true)).toBeNull();
    expect(
      (await t.prisma.auditEntry.findMany({ where: { action: { startsWith: "share-link" } } })).map((a) => a.action),
    ).toEqual(["share-link.created", "share-link.revoked"]);
  });

  it("answer 404 for an event that is not there", async () => {
    const answer = await call(
      createShareRoute,
      "POST",
      "/api/share-links",
      {},
      { body: JSON.stringify({ eventId: "nope" }) },
    );
    expect(answer.status).toBe(404);
  });
});
