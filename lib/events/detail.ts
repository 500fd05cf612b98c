import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordColumns, recordObject, recordTextOf, type StoredRecordColumns } from "./record-codec-sql";
import { recordOnlyFields } from "./record-fields";
import { requestIdColumn, requestIdEquals } from "./request-id";
import type { EventDetail, RelatedEvent, RelatedEvents, ResourceNeighbours, ResourceTouched } from "./types";
import { eventIdColumn, eventIdEquals } from "./event-id";

// One event by its CloudTrail eventID, and the events around it: the same request, the
// neighbours on each resource's timeline, and what the same actor did in the same hour.

const SAME_REQUEST_LIMIT = 20;
const SAME_ACTOR_EACH_SIDE = 10;
const NEIGHBOUR_RESOURCES = 8;

/** What the related-event queries need from the event itself. */
export interface EventAnchor {
  rowId: bigint;
  eventTime: Date;
  requestId: string | null;
  actorId: bigint;
  resources: { id: bigint; role: string; kind: string; resourceId: string; accountId: string; region: string }[];
}

const publicResource = (r: EventAnchor["resources"][number]): ResourceTouched => ({
  kind: r.kind,
  resourceId: r.resourceId,
  accountId: r.accountId,
  region: r.region,
  role: r.role,
});

interface DetailRow extends StoredRecordColumns {
  id: bigint;
  event_id: string;
  event_time: Date;
  event_name: string;
  aws_region: string;
  account_id: string;
  read_only: boolean;
  error_code: string | null;
  error_message: string | null;
  request_id: string | null;
  source_ip: string | null;
  user_agent: string | null;
  user_agent_family: string;
  user_agent_detail: string | null;
  access_key_id: string | null;
  mfa_authenticated: boolean | null;
  actor_id: bigint;
  ingest_run_id: bigint | null;
  ingested_at: Date;
  file_name: string | null;
  actor_key: string;
  actor_name: string;
  actor_type: string;
  actor_arn: string | null;
  actor_principal_id: string | null;
  actor_account_id: string | null;
  actor_session_issuer_arn: string | null;
  actor_session_issuer_name: string | null;
  actor_invoked_by: string | null;
  resources: unknown;
}

const json = (value: unknown): unknown => (typeof value === "string" ? JSON.parse(value) : value);

/** The event with its actor, resources and file in one round trip (the page's budget is 20 ms). */
export async function getEvent(
  prisma: PrismaClient,
  eventId: string,
): Promise<{ detail: EventDetail; anchor: EventAnchor } | null> {
  const [e] = await prisma.$queryRaw<DetailRow[]>`
    SELECT e.id, ${eventIdColumn("e")} AS event_id, e.event_time, e.event_name, e.aws_region,
      e.account_id, e.read_only, e.error_code, e.error_message, ${requestIdColumn("e")} AS request_id, e.source_ip, ua.text AS user_agent,
      e.user_agent_family, e.user_agent_detail, e.access_key_id, e.mfa_authenticated, e.actor_id,
      ${recordColumns("e")}, e.ingest_run_id, e.ingested_at, f.name AS file_name,
      a.key AS actor_key, a.name AS actor_name, a.type AS actor_type, a.arn AS actor_arn, a.principal_id AS actor_principal_id,
      a.account_id AS actor_account_id, a.session_issuer_arn AS actor_session_issuer_arn,
      a.session_issuer_name AS actor_session_issuer_name, a.invoked_by AS actor_invoked_by,
      COALESCE((SELECT json_agg(json_build_object('id', r.id::text, 'role', er.role, 'kind', r.kind, 'resourceId', r.resource_id,
          'accountId', r.account_id, 'region', r.region))
        FROM event_resource er JOIN resource r ON r.id = er.resource_id WHERE er.event_id = e.id), '[]'::json) AS resources
    FROM event e JOIN actor a ON a.id = e.actor_id LEFT JOIN ingest_file f ON f.id = e.ingest_file_id
    LEFT JOIN user_agent ua ON ua.id = e.user_agent_id
    WHERE ${eventIdEquals("e", eventId)}`;
  if (!e) return null;
  // Targets first, then by kind and id, so the page and its title name the same resource.
  const resources = (json(e.resources) as (Omit<EventAnchor["resources"][number], "id"> & { id: string })[])
    .map((r) => ({ ...r, id: BigInt(r.id) }))
    .sort(
      (a, b) =>
        Number(b.role === "target") - Number(a.role === "target") ||
        a.kind.localeCompare(b.kind) ||
        a.resourceId.localeCompare(b.resourceId),
    );
  const recordText = recordTextOf(e);
  const record = recordObject(recordText);
  const fromRecord = recordOnlyFields(record);
  const detail: EventDetail = {
    eventId: e.event_id,
    eventTime: e.event_time.toISOString(),
    eventName: e.event_name,
    eventSource: fromRecord.eventSource,
    eventVersion: fromRecord.eventVersion,
    eventType: fromRecord.eventType,
    awsRegion: e.aws_region,
    accountId: e.account_id,
    readOnly: e.read_only,
    errorCode: e.error_code,
    errorMessage: e.error_message,
    requestId: e.request_id,
    sourceIp: e.source_ip,
    userAgent: e.user_agent,
    userAgentFamily: e.user_agent_family,
    userAgentDetail: e.user_agent_detail,
    vpcEndpointId: fromRecord.vpcEndpointId,
    accessKeyId: e.access_key_id,
    mfaAuthenticated: e.mfa_authenticated,
    actor: {
      key: e.actor_key,
      name: e.actor_name,
      type: e.actor_type,
      arn: e.actor_arn,
      principalId: e.actor_principal_id,
      accountId: e.actor_account_id,
      sessionIssuerArn: e.actor_session_issuer_arn,
      sessionIssuerName: e.actor_session_issuer_name,
      invokedBy: e.actor_invoked_by,
    },
    resources: resources.map(publicResource),
    ingestion:
      e.ingest_run_id === null
        ? null
        : { runId: String(e.ingest_run_id), fileName: e.file_name, ingestedAt: e.ingested_at.toISOString() },
    record,
    recordText,
  };
  return {
    detail,
    anchor: { rowId: e.id, eventTime: e.event_time, requestId: e.request_id, actorId: e.actor_id, resources },
  };
}

interface RelatedEventRow {
  event_id: string;
  event_time: Date;
  event_name: string;
  error_code: string | null;
  read_only: boolean;
  actor_name: string;
}

const toRelated = (r: RelatedEventRow): RelatedEvent => ({
  eventId: r.event_id,
  eventTime: r.event_time.toISOString(),
  eventName: r.event_name,
  errorCode: r.error_code,
  readOnly: r.read_only,
  actorName: r.actor_name,
});

/** The event just before or after on one resource's timeline: one step along (resource_id, event_time, event_id). */
async function neighbour(
  prisma: PrismaClient,
  resourceRowId: bigint,
  anchor: EventAnchor,
  side: "previous" | "next",
): Promise<RelatedEvent | null> {
  const time = anchor.eventTime.toISOString();
  const rows =
    side === "previous"
      ? await prisma.$queryRaw<RelatedEventRow[]>`
          SELECT ${eventIdColumn("e")} AS event_id, e.event_time, e.event_name, e.error_code, e.read_only, a.name AS actor_name
          FROM (SELECT er.event_id FROM event_resource er
                WHERE er.resource_id = ${resourceRowId} AND (er.event_time, er.event_id) < (${time}::timestamptz, ${anchor.rowId})
                ORDER BY er.event_time DESC, er.event_id DESC LIMIT 1) n
          JOIN event e ON e.id = n.event_id JOIN actor a ON a.id = e.actor_id`
      : await prisma.$queryRaw<RelatedEventRow[]>`
          SELECT ${eventIdColumn("e")} AS event_id, e.event_time, e.event_name, e.error_code, e.read_only, a.name AS actor_name
          FROM (SELECT er.event_id FROM event_resource er
                WHERE er.resource_id = ${resourceRowId} AND (er.event_time, er.event_id) > (${time}::timestamptz, ${anchor.rowId})
                ORDER BY er.event_time ASC, er.event_id ASC LIMIT 1) n
          JOIN event e ON e.id = n.event_id JOIN actor a ON a.id = e.actor_id`;
  return rows[0] ? toRelated(rows[0]) : null;
}

export async function getRelatedEvents(prisma: PrismaClient, anchor: EventAnchor): Promise<RelatedEvents> {
  const time = anchor.eventTime.toISOString();
  // A resource can appear in several roles of one event; one neighbour pair per resource.
  const distinct = [...new Map(anchor.resources.map((r) => [r.id, r])).values()].slice(0, NEIGHBOUR_RESOURCES);

  const [sameRequest, sameActor, onResources] = await Promise.all([
    anchor.requestId
      ? prisma.$queryRaw<RelatedEventRow[]>`
          SELECT ${eventIdColumn("e")} AS event_id, e.event_time, e.event_name, e.error_code, e.read_only, a.name AS actor_name
          FROM event e JOIN actor a ON a.id = e.actor_id
          WHERE ${requestIdEquals("e", anchor.requestId)} AND e.id <> ${anchor.rowId}
          ORDER BY e.event_time, e.id LIMIT ${SAME_REQUEST_LIMIT}`
      : Promise.resolve([]),
    // The nearest calls on each side, each an ordered walk of (actor_id, event_time, id) that
    // stops after a few rows, however busy the actor (a poller makes hundreds an hour).
    prisma.$queryRaw<RelatedEventRow[]>`
      SELECT n.event_id, n.event_time, n.event_name, n.error_code, n.read_only, a.name AS actor_name
      FROM (
        (SELECT ${eventIdColumn("e")} AS event_id, e.event_time, e.event_name, e.error_code, e.read_only, e.actor_id FROM event e
         WHERE e.actor_id = ${anchor.actorId} AND (e.event_time, e.id) < (${time}::timestamptz, ${anchor.rowId})
           AND e.event_time >= ${time}::timestamptz - interval '1 hour'
         ORDER BY e.event_time DESC, e.id DESC LIMIT ${SAME_ACTOR_EACH_SIDE})
        UNION ALL
        (SELECT ${eventIdColumn("e")} AS event_id, e.event_time, e.event_name, e.error_code, e.read_only, e.actor_id FROM event e
         WHERE e.actor_id = ${anchor.actorId} AND (e.event_time, e.id) > (${time}::timestamptz, ${anchor.rowId})
           AND e.event_time <= ${time}::timestamptz + interval '1 hour'
         ORDER BY e.event_time ASC, e.id ASC LIMIT ${SAME_ACTOR_EACH_SIDE})
      ) n JOIN actor a ON a.id = n.actor_id`,
    Promise.all(
      distinct.map(async (r): Promise<ResourceNeighbours> => {
        const [previous, next] = await Promise.all([
          neighbour(prisma, r.id, anchor, "previous"),
          neighbour(prisma, r.id, anchor, "next"),
        ]);
        return { resource: publicResource(r), previous, next };
      }),
    ),
  ]);
  return {
    sameRequest: sameRequest.map(toRelated),
    onResources,
    sameActor: sameActor.map(toRelated).sort((a, b) => a.eventTime.localeCompare(b.eventTime)),
  };
}
