import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/api/handler";
import { EVENT_ID_SELECT, eventIdOf, eventIdsWhere } from "@/lib/events/event-id";
import type { Principal } from "./principal";
import { newSecret, secretHash } from "./token-format";
import { shareUrl } from "./urls";

// A share link opens one event, read-only, without signing in, until it expires or is revoked. Its key
// is 256 random bits in the URL; only the key's SHA-256 is stored, so the table cannot open any link.

export async function createShareLink(prisma: PrismaClient, creator: Principal, eventId: string, days: number) {
  const event = await prisma.event.findFirst({ where: eventIdsWhere([eventId]), select: { id: true } });
  if (!event) throw new ApiError(404, `No event ${eventId}.`);
  const key = newSecret();
  const expiresAt = new Date(Date.now() + days * 86_400_000);
  const row = await prisma.shareLink.create({
    data: { userId: creator.userId, eventId, tokenHash: secretHash(key), expiresAt },
  });
  return { id: row.id.toString(), url: shareUrl(key), expiresAt: expiresAt.toISOString() };
}

/** The event a share link opens (and one more view counted), or null when unknown, expired or revoked. */
export async function openShareLink(prisma: PrismaClient, key: string, countView: boolean): Promise<string | null> {
  const row = await prisma.shareLink.findUnique({ where: { tokenHash: secretHash(key) } });
  if (!row || row.revokedAt || row.expiresAt <= new Date()) return null;
  if (countView) await prisma.shareLink.update({ where: { id: row.id }, data: { views: { increment: 1 } } });
  return row.eventId;
}

export async function listShareLinks(prisma: PrismaClient, where: { userId?: string }) {
  const rows = await prisma.shareLink.findMany({
    where,
    include: { user: { select: { email: true } } },
    orderBy: { createdAt: "desc" },
    take: 500,
  });
  const events = await prisma.event.findMany({
    where: eventIdsWhere([...new Set(rows.map((r) => r.eventId))]),
    select: { ...EVENT_ID_SELECT, eventName: true },
  });
  const names = new Map(events.map((e) => [eventIdOf(e), e.eventName]));
  return rows.map((r) => ({
    id: r.id.toString(),
    eventId: r.eventId,
    eventName: names.get(r.eventId) ?? null,
    creator: r.user.email,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
    views: r.views,
  }));
}

/** Revokes a link of `actor`'s own, or anyone's for an admin. */
export async function revokeShareLink(prisma: PrismaClient, actor: Principal, id: string) {
  const row = /^\d+$/.test(id) ? await prisma.shareLink.findUnique({ where: { id: BigInt(id) } }) : null;
  if (!row || (row.userId !== actor.userId && actor.role !== "admin")) throw new ApiError(404, "No such share link.");
  if (!row.revokedAt) await prisma.shareLink.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
  return row;
}
