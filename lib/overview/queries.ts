import "server-only";
import { db } from "@/lib/db/client";

export interface Totals {
  events: number;
  resources: number;
  actors: number;
  runs: number;
}

export async function getTotals(): Promise<Totals> {
  const prisma = db();
  const [events, resources, actors, runs] = await Promise.all([
    prisma.event.count(),
    prisma.resource.count(),
    prisma.actor.count(),
    prisma.ingestRun.count(),
  ]);
  return { events, resources, actors, runs };
}
