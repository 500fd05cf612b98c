import "server-only";
import { db } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { EventDetail, RelatedEvent, RelatedEvents, ResourceNeighbours } from "./types";

// One event by its CloudTrail eventID, and the events around it: the same request, the
// neighbours on each resource's timeline, and what the same actor did in the same hour.

const RELATED_LIMIT = 20;
const NEIGHBOUR_RESOURCES = 8;

interface Options {
  prisma?: PrismaClient;
}

/** What the related-event queries need from the event itself. */
export interface EventAnchor {
  rowId: bigint;
  eventTime: Date;
  requestId: string | null;
  actorId: bigint;
  resources: { id: bigint; role: string; kind: string; resourceId: string; accountId: string; region: string }[];
}

export async function getEvent(eventId: string, options: Options = {}): Promise<{ detail: EventDetail; anchor: EventAnchor } | null> {
  const prisma = options.prisma ?? db();
  const e = await prisma.event.findUnique({
    where: { eventId },
    include: {
      actor: true,
      resources: { include: { resource: true } },
      ingestFile: { select: { name: true } },
    },
  });
  if (!e) return null;
  // Targets first, then by kind and id, so the page and its title name the same resource.
  const resources = e.resources
    .map((er) => ({ id: er.resource.id, role: er.role, kind: er.resource.kind, resourceId: er.resource.resourceId, accountId: er.resource.accountId, region: er.resource.region }))
    .sort((a, b) => Number(b.role === "target") - Number(a.role === "target") || a.kind.localeCompare(b.kind) || a.resourceId.localeCompare(b.resourceId));
  const detail: EventDetail = {
    eventId: e.eventId,
    eventTime: e.eventTime.toISOString(),
    eventName: e.eventName,
    eventSource: e.eventSource,
    eventVersion: e.eventVersion,
    eventType: e.eventType,
    awsRegion: e.awsRegion,
    accountId: e.accountId,
    readOnly: e.readOnly,
    errorCode: e.errorCode,
    errorMessage: e.errorMessage,
    requestId: e.requestId,
    sourceIp: e.sourceIp,
    userAgent: e.userAgent,
    userAgentFamily: e.userAgentFamily,
    userAgentDetail: e.userAgentDetail,
    vpcEndpointId: e.vpcEndpointId,
    accessKeyId: e.accessKeyId,
    mfaAuthenticated: e.mfaAuthenticated,
    actor: {
      key: e.actor.key,
      name: e.actor.name,
      type: e.actor.type,
      arn: e.actor.arn,
      principalId: e.actor.principalId,
      accountId: e.actor.accountId,
      sessionIssuerArn: e.actor.sessionIssuerArn,
      sessionIssuerName: e.actor.sessionIssuerName,
      invokedBy: e.actor.invokedBy,
    },
    resources: resources.map(({ id: _id, ...r }) => r),
    ingestion: e.ingestRunId === null ? null : { runId: String(e.ingestRunId), fileName: e.ingestFile?.name ?? null, ingestedAt: e.ingestedAt.toISOString() },
    record: (e.record ?? {}) as Record<string, unknown>,
  };
  return { detail, anchor: { rowId: e.id, eventTime: e.eventTime, requestId: e.requestId, actorId: e.actorId, resources } };
}

interface RelatedRow {
  event_id: string;
  event_time: Date;
  event_name: string;
  error_code: string | null;
  read_only: boolean;
  actor_name: string;
}

const toRelated = (r: RelatedRow): RelatedEvent => ({
  eventId: r.event_id,
  eventTime: r.event_time.toISOString(),
  eventName: r.event_name,
  errorCode: r.error_code,
  readOnly: r.read_only,
  actorName: r.actor_name,
});

/** The event just before or after on one resource's timeline: one step along (resource_id, event_time, event_id). */
async function neighbour(prisma: PrismaClient, resourceRowId: bigint, anchor: EventAnchor, side: "previous" | "next"): Promise<RelatedEvent | null> {
  const time = anchor.eventTime.toISOString();
  const rows =
    side === "previous"
      ? await prisma.$queryRaw<RelatedRow[]>`
          SELECT e.event_id, e.event_time, e.event_name, e.error_code, e.read_only, a.name AS actor_name
          FROM (SELECT er.event_id FROM event_resource er
                WHERE er.resource_id = ${resourceRowId} AND (er.event_time, er.event_id) < (${time}::timestamptz, ${anchor.rowId})
                ORDER BY er.event_time DESC, er.event_id DESC LIMIT 1) n
          JOIN event e ON e.id = n.event_id JOIN actor a ON a.id = e.actor_id`
      : await prisma.$queryRaw<RelatedRow[]>`
          SELECT e.event_id, e.event_time, e.event_name, e.error_code, e.read_only, a.name AS actor_name
          FROM (SELECT er.event_id FROM event_resource er
                WHERE er.resource_id = ${resourceRowId} AND (er.event_time, er.event_id) > (${time}::timestamptz, ${anchor.rowId})
                ORDER BY er.event_time ASC, er.event_id ASC LIMIT 1) n
          JOIN event e ON e.id = n.event_id JOIN actor a ON a.id = e.actor_id`;
  return rows[0] ? toRelated(rows[0]) : null;
}

export async function getRelatedEvents(anchor: EventAnchor, options: Options = {}): Promise<RelatedEvents> {
  const prisma = options.prisma ?? db();
  const time = anchor.eventTime.toISOString();
  // A resource can appear in several roles of one event; one neighbour pair per resource.
  const distinct = [...new Map(anchor.resources.map((r) => [r.id, r])).values()].slice(0, NEIGHBOUR_RESOURCES);

  const [sameRequest, sameActor, onResources] = await Promise.all([
    anchor.requestId
      ? prisma.$queryRaw<RelatedRow[]>`
          SELECT e.event_id, e.event_time, e.event_name, e.error_code, e.read_only, a.name AS actor_name
          FROM event e JOIN actor a ON a.id = e.actor_id
          WHERE e.request_id = ${anchor.requestId} AND e.id <> ${anchor.rowId}
          ORDER BY e.event_time, e.id LIMIT ${RELATED_LIMIT}`
      : Promise.resolve([]),
    prisma.$queryRaw<RelatedRow[]>`
      SELECT e.event_id, e.event_time, e.event_name, e.error_code, e.read_only, a.name AS actor_name
      FROM event e JOIN actor a ON a.id = e.actor_id
      WHERE e.actor_id = ${anchor.actorId} AND e.id <> ${anchor.rowId}
        AND e.event_time BETWEEN ${time}::timestamptz - interval '1 hour' AND ${time}::timestamptz + interval '1 hour'
      ORDER BY abs(extract(epoch FROM e.event_time - ${time}::timestamptz)), e.id LIMIT ${RELATED_LIMIT}`,
    Promise.all(
      distinct.map(async (r): Promise<ResourceNeighbours> => {
        const [previous, next] = await Promise.all([neighbour(prisma, r.id, anchor, "previous"), neighbour(prisma, r.id, anchor, "next")]);
        const { id: _id, ...resource } = r;
        return { resource, previous, next };
      }),
    ),
  ]);
  return {
    sameRequest: sameRequest.map(toRelated),
    onResources,
    sameActor: sameActor.map(toRelated).sort((a, b) => a.eventTime.localeCompare(b.eventTime)),
  };
}
