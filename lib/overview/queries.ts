import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export interface Totals {
  events: number;
  resources: number;
  actors: number;
  runs: number;
}

export async function getTotals(prisma: PrismaClient): Promise<Totals> {
  const [events, resources, actors, runs] = await Promise.all([
    prisma.event.count(),
    prisma.resource.count(),
    prisma.actor.count(),
    prisma.ingestRun.count(),
  ]);
  return { events, resources, actors, runs };
}
