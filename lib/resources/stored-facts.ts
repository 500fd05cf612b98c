import "server-only";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log/logger";
import type { ResourceFacts } from "./facts";
import { decodeFacts, encodeFacts, FACTS_VERSION, type EncodedFacts } from "./facts-encoding";

// resource_history: each resource's facts as last built, gzip-compressed JSON (the benchmark's
// busy cluster: 2.3 MB of JSON, 150 kB gzipped; gunzip costs less than reading megabytes out
// of TOAST).

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** The stored facts of a resource, or null when there are none under the current rules (or they cannot be read). */
export async function loadStoredFacts(prisma: PrismaClient, resourceRowId: bigint): Promise<ResourceFacts | null> {
  const rows = await prisma.$queryRaw<Array<{ body: Uint8Array }>>`
    SELECT body FROM resource_history WHERE resource_id = ${resourceRowId} AND version = ${FACTS_VERSION}`;
  const body = rows[0]?.body;
  if (!body) return null;
  try {
    return decodeFacts(JSON.parse((await gunzipAsync(body)).toString("utf8")) as EncodedFacts);
  } catch (error) {
    // Only a copy: dropped, so the facts the page rebuilds from the events take its place.
    logger.error(
      { err: error, resourceRowId: String(resourceRowId) },
      "The stored history of a resource is unreadable; rebuilding it",
    );
    await prisma.$executeRaw`DELETE FROM resource_history WHERE resource_id = ${resourceRowId} AND version = ${FACTS_VERSION}`;
    return null;
  }
}

/** Store `facts`, unless facts covering more events are stored already (another process got there first). */
export async function saveStoredFacts(
  prisma: PrismaClient,
  resourceRowId: bigint,
  facts: ResourceFacts,
): Promise<void> {
  const body = await gzipAsync(JSON.stringify(encodeFacts(facts)), { level: 1 });
  await prisma.$executeRaw`
    INSERT INTO resource_history (resource_id, version, event_count, body)
    VALUES (${resourceRowId}, ${FACTS_VERSION}, ${facts.eventCount}, ${body})
    ON CONFLICT (resource_id) DO UPDATE SET version = EXCLUDED.version, event_count = EXCLUDED.event_count,
      body = EXCLUDED.body, built_at = now()
    WHERE resource_history.version <> EXCLUDED.version OR resource_history.event_count < EXCLUDED.event_count`;
}
