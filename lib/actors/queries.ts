import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export interface ActorRow {
  key: string;
  type: string;
  name: string;
  arn: string | null;
  accountId: string | null;
  eventCount: number;
  firstSeen: string;
  lastSeen: string;
}

/** The most active actors first; the counters are kept by the ingest, so no event scan. */
export async function listActors(prisma: PrismaClient, limit = 200): Promise<ActorRow[]> {
  const rows = await prisma.actor.findMany({
    orderBy: [{ eventCount: "desc" }, { key: "asc" }],
    take: limit,
    select: {
      key: true,
      type: true,
      name: true,
      arn: true,
      accountId: true,
      eventCount: true,
      firstSeen: true,
      lastSeen: true,
    },
  });
  return rows.map((r) => ({ ...r, firstSeen: r.firstSeen.toISOString(), lastSeen: r.lastSeen.toISOString() }));
}
