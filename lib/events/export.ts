import "server-only";
import { withoutSecretFields } from "@/lib/cloudtrail/secrets";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { logger, type Logger } from "@/lib/log/logger";
import { eventUrl } from "@/lib/urls";
import { encodeCursor } from "./cursor";
import { csvLine } from "./csv";
import { eventFiltersSchema, type EventFilters, type EventFiltersInput } from "./filters";
import { parseResources, RESOURCES_JSON } from "./queries";
import { recordColumns, recordLengthSql, recordOf as recordOfRow, type StoredRecordColumns } from "./record-codec-sql";
import { recordOnlyFields, type RecordOnlyFields } from "./record-fields";
import { requestIdColumn } from "./request-id";
import { resolveFilters } from "./resolve";
import { eventScan, filterConditions, keysetCondition, orderBy, PAGE_ROWS, pageDirection, whereClause } from "./sql";
import type { ResourceTouched } from "./types";
import { eventIdColumn } from "./event-id";

// Exports of any size: the filter is walked with the same keyset as the list, one batch at
// a time, and each batch is written before the next is read (pull-based, so a slow client
// holds back the database rather than filling memory). Events stored meanwhile are neither
// duplicated nor skipped among the ones that existed when the export began.

export type ExportFormat = "csv" | "json";

/** At most this many events per batch… */
const BATCH_ROWS = 1_000;
/**
 * …and at most this many bytes of records (as JSON text, measured by PostgreSQL before a record
 * is sent): one record may be 1 MiB, and a thousand of them would be a gigabyte per batch. A batch
 * always holds at least one event, so one larger record is exported alone.
 */
export const EXPORT_BATCH_BYTES = 4 * 1024 * 1024;
/** Records measured ahead of what a batch takes: twice the last batch, at least this many. */
const MIN_LOOKAHEAD = 8;

interface ExportRow extends StoredRecordColumns {
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
  access_key_id: string | null;
  mfa_authenticated: boolean | null;
  actor_key: string;
  actor_name: string;
  actor_type: string;
  actor_arn: string | null;
  resources: unknown;
}

async function* exportBatches(
  prisma: PrismaClient,
  f: EventFilters,
  now: Date,
  batchBytes: number,
): AsyncGenerator<ExportRow[]> {
  const direction = pageDirection({ sort: f.sort, before: undefined });
  const ctx = await resolveFilters(prisma, f, now);
  const scan = eventScan(f, ctx);
  let cursor: string | undefined;
  let lookahead = BATCH_ROWS;
  for (;;) {
    const conditions = filterConditions(f, ctx);
    const keyset = keysetCondition(cursor, direction, scan);
    if (keyset) conditions.push(keyset);
    // The next keys with each record's size, then as many records as fit in batchBytes (the first always).
    const rows = await prisma.$queryRaw<ExportRow[]>`
      WITH keys AS (
        SELECT ${scan.id} AS id, ${scan.time} AS event_time, ${recordLengthSql("e")} AS bytes
        FROM ${scan.from} ${whereClause(conditions)} ${orderBy(direction, scan)} LIMIT ${lookahead}
      ), sized AS (
        SELECT k.id, sum(k.bytes) OVER (${orderBy(direction, KEY_ROWS)} ROWS UNBOUNDED PRECEDING) - k.bytes AS before
        FROM keys k
      ), page AS (
        SELECT e.id, ${eventIdColumn("e")} AS event_id, e.event_time, e.event_name, e.aws_region, e.account_id, e.read_only,
          e.error_code, e.error_message, ${requestIdColumn("e")} AS request_id, e.source_ip, ua.text AS user_agent, e.user_agent_family,
          e.access_key_id, e.mfa_authenticated, ${recordColumns("e")}, e.actor_id
        FROM sized s JOIN event e ON e.id = s.id LEFT JOIN user_agent ua ON ua.id = e.user_agent_id
        WHERE s.before < ${batchBytes}
      )
      SELECT p.*, a.key AS actor_key, a.name AS actor_name, a.type AS actor_type, a.arn AS actor_arn,
        ${RESOURCES_JSON} AS resources
      FROM page p JOIN actor a ON a.id = p.actor_id
      ${orderBy(direction, PAGE_ROWS)}`;
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1]!;
    cursor = encodeCursor({ time: last.event_time, id: last.id });
    lookahead = Math.min(BATCH_ROWS, Math.max(MIN_LOOKAHEAD, 2 * rows.length));
  }
}

const KEY_ROWS = { time: Prisma.raw("k.event_time"), id: Prisma.raw("k.id") };

/** The record as exported (secret fields left out) and the fields only the record holds (lib/events/record-fields.ts). */
function recordOf(row: ExportRow): { record: Record<string, unknown>; fields: RecordOnlyFields } {
  const stored = recordOfRow(row);
  return {
    record: (withoutSecretFields(stored) ?? {}) as Record<string, unknown>,
    fields: recordOnlyFields(stored),
  };
}

const describeResources = (resources: ResourceTouched[]) =>
  resources.map((r) => `${r.kind}:${r.resourceId}${r.role === "target" ? "" : ` (${r.role})`}`).join("; ");

export const CSV_COLUMNS = [
  "eventTime",
  "eventId",
  "eventName",
  "outcome",
  "errorMessage",
  "access",
  "actorName",
  "actorType",
  "actorArn",
  "accountId",
  "awsRegion",
  "resources",
  "sourceIp",
  "userAgentFamily",
  "userAgent",
  "requestId",
  "accessKeyId",
  "vpcEndpointId",
  "requestParameters",
  "link",
] as const;

function csvRow(row: ExportRow, origin: string): string {
  const { record, fields } = recordOf(row);
  const params = record.requestParameters;
  return csvLine([
    row.event_time.toISOString(),
    row.event_id,
    row.event_name,
    row.error_code ?? "success",
    row.error_message,
    row.read_only ? "read" : "write",
    row.actor_name,
    row.actor_type,
    row.actor_arn,
    row.account_id,
    row.aws_region,
    describeResources(parseResources(row.resources)),
    row.source_ip,
    row.user_agent_family,
    row.user_agent,
    row.request_id,
    row.access_key_id,
    fields.vpcEndpointId,
    params === undefined || params === null ? "" : JSON.stringify(params),
    `${origin}${eventUrl(row.event_id)}`,
  ]);
}

function jsonItem(row: ExportRow, origin: string): string {
  const { record, fields } = recordOf(row);
  return JSON.stringify({
    eventId: row.event_id,
    eventTime: row.event_time.toISOString(),
    eventName: row.event_name,
    eventSource: fields.eventSource,
    awsRegion: row.aws_region,
    accountId: row.account_id,
    readOnly: row.read_only,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    requestId: row.request_id,
    sourceIp: row.source_ip,
    userAgent: row.user_agent,
    userAgentFamily: row.user_agent_family,
    vpcEndpointId: fields.vpcEndpointId,
    accessKeyId: row.access_key_id,
    mfaAuthenticated: row.mfa_authenticated,
    actor: { key: row.actor_key, name: row.actor_name, type: row.actor_type, arn: row.actor_arn },
    resources: parseResources(row.resources),
    link: `${origin}${eventUrl(row.event_id)}`,
    record,
  });
}

export interface ExportOptions {
  now?: Date;
  /** Prefix for the absolute event links in the export (the request's origin). */
  origin?: string;
  /** Where a failure half-way is logged (the response has started: its status cannot say it). */
  log?: Logger;
  /** Bytes of records per batch (EXPORT_BATCH_BYTES). */
  batchBytes?: number;
}

/** The matching events as CSV (header row first) or as one JSON array, streamed. */
export function exportEvents(
  prisma: PrismaClient,
  input: EventFiltersInput,
  format: ExportFormat,
  options: ExportOptions = {},
): ReadableStream<Uint8Array> {
  const f = eventFiltersSchema.parse({ ...input, after: undefined, before: undefined });
  const origin = options.origin ?? "";
  const batches = exportBatches(prisma, f, options.now ?? new Date(), options.batchBytes ?? EXPORT_BATCH_BYTES);
  const encoder = new TextEncoder();
  let first = true;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(format === "csv" ? csvLine(CSV_COLUMNS) : "[\n"));
          return;
        }
        const { value, done } = await batches.next();
        if (done) {
          if (format === "json") controller.enqueue(encoder.encode("\n]\n"));
          controller.close();
          return;
        }
        let chunk = "";
        for (const row of value) {
          if (format === "csv") chunk += csvRow(row, origin);
          else {
            chunk += `${first ? "" : ",\n"}${jsonItem(row, origin)}`;
            first = false;
          }
        }
        controller.enqueue(encoder.encode(chunk));
      } catch (error) {
        (options.log ?? logger).error({ err: error }, "Event export failed");
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}

/** cachetrail-events-20250314T120000Z.csv */
export function exportFileName(format: ExportFormat, now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `cachetrail-events-${stamp}.${format}`;
}
