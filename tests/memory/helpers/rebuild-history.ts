// Rebuilds one resource's stored history in a process of its own, so its peak RSS is the rebuild's:
// `node --conditions=react-server --import tsx tests/memory/helpers/rebuild-history.ts <account> <region> <kind> <id>`
// with DATABASE_URL set. Prints {"steps","startRssBytes","peakRssBytes"} once the history is stored.
import { readFileSync } from "node:fs";
import { closePrismaClient, createPrismaClient } from "@/lib/db/create-client";
import { storeCurrentFacts } from "@/lib/resources/resource-state";
import { loadStoredFacts } from "@/lib/resources/stored-facts";
import { findResource } from "@/lib/resources/timeline-queries";

const rss = (field: "VmRSS" | "VmHWM") =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync("/proc/self/status", "utf8"))![1]) * 1024;

async function main(): Promise<void> {
  const [accountId, region, kind, resourceId] = process.argv.slice(2) as [string, string, string, string];
  const prisma = createPrismaClient(process.env.DATABASE_URL!, 2);
  try {
    const resource = await findResource(prisma, { accountId, region, kind, resourceId });
    if (!resource) throw new Error(`no resource ${kind} ${resourceId}`);
    const startRssBytes = rss("VmRSS");
    await storeCurrentFacts(prisma, resource);
    const stored = await loadStoredFacts(prisma, resource.id);
    const steps = stored?.history.steps.length ?? 0;
    console.log(JSON.stringify({ steps, startRssBytes, peakRssBytes: rss("VmHWM") }));
  } finally {
    await closePrismaClient(prisma);
  }
}

void main();
