// A resource's URL path (/clusters/<account>/<region|global>/<kind>/<id>, and the same under
// /api/resources) → its key. Shared by the page and the API routes.
import { z } from "zod";
import { eventsPageUrl } from "@/lib/events/filters";
import { idFromUrlSegment, regionFromUrlSegment, type ResourceKey } from "@/lib/urls";
import { RESOURCE_KINDS } from "./kinds";

export const resourcePathSchema = z
  .object({
    // As long as the ingest stores them (lib/cloudtrail/schema.ts; ids 255), plus the "~" of an escaped segment.
    account: z.string().min(1).max(257),
    region: z.string().min(1).max(257),
    kind: z.enum(RESOURCE_KINDS),
    id: z.string().min(1).max(256),
  })
  .transform((p): ResourceKey => ({
    accountId: idFromUrlSegment(p.account),
    region: regionFromUrlSegment(p.region),
    kind: p.kind,
    resourceId: idFromUrlSegment(p.id),
  }));

/**
 * The event explorer showing this resource's events. The explorer's resource filter matches
 * the id in any account or kind, so account and region narrow it (a global datastore's events
 * carry the region they were called in, so it gets none).
 */
export function resourceEventsUrl(key: ResourceKey): string {
  return eventsPageUrl({
    resource: key.resourceId,
    account: [key.accountId],
    region: key.region ? [key.region] : undefined,
  });
}

/**
 * The calls a collapsed read lane stands for ("DescribeCacheClusters × 288 by datadog"), one
 * by one in the explorer: this resource, that operation and actor, from its first call to just
 * after its last (CloudTrail times are whole seconds; the explorer's end is exclusive).
 */
export function readLaneEventsUrl(
  key: ResourceKey,
  lane: { eventName: string; actorKey: string; firstAt: string; lastAt: string },
): string {
  return eventsPageUrl({
    resource: key.resourceId,
    account: [key.accountId],
    region: key.region ? [key.region] : undefined,
    name: [lane.eventName],
    actor: lane.actorKey,
    from: new Date(lane.firstAt).toISOString(),
    to: new Date(Date.parse(lane.lastAt) + 1000).toISOString(),
  });
}
