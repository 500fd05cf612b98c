import { recordedFileOutcomeSchema, fileOutcomeSchema } from "@/lib/ingest/file-summary";
import { runStatusSchema, sourceKindSchema } from "@/lib/ingest/run-summary";
import { eventKindSchema, WRITE_KINDS } from "@/lib/events/kind";
import { securityFlagSchema } from "@/lib/security/flags";
import { auditActionSchema } from "@/lib/auth/audit-actions";
import { roleSchema } from "@/lib/auth/roles";
import {
  credentialModeSchema,
  s3ObjectStatusSchema,
  SYNC_INTERVAL_MINUTES,
  syncPhaseSchema,
} from "@/lib/sources/schemas";
import { UUID_TEXT_SQL } from "@/lib/events/uuid-text";
import { digestSignatureStatusSchema, fetchStatusSchema, keyOriginSchema } from "@/lib/completeness/schemas";

// The CHECK constraints that keep columns to their zod definitions. Prisma's schema language has
// no CHECK constraints, so they are written by hand in migrations and are all a migrated
// database has beyond schema.prisma: the drift test expects exactly these lines more.

const ENUM_COLUMNS = [
  { table: "source", column: "kind", values: sourceKindSchema.options },
  { table: "ingest_run", column: "status", values: runStatusSchema.options },
  { table: "ingest_file", column: "outcome", values: recordedFileOutcomeSchema.options },
  { table: "s3_source", column: "credential_mode", values: credentialModeSchema.options },
  { table: "s3_source", column: "phase", values: syncPhaseSchema.options },
  { table: "s3_object", column: "status", values: s3ObjectStatusSchema.options },
  { table: "s3_object", column: "outcome", values: fileOutcomeSchema.options },
  { table: "event_kind_rollup", column: "kind", values: eventKindSchema.options },
  { table: "event_kind_rollup_day", column: "kind", values: eventKindSchema.options },
  { table: "resource_change_rollup", column: "kind", values: WRITE_KINDS },
  { table: "security_event", column: "flag", values: securityFlagSchema.options },
  { table: "app_user", column: "role", values: roleSchema.options },
  { table: "api_token", column: "role", values: roleSchema.options },
  { table: "audit_entry", column: "action", values: auditActionSchema.options },
  { table: "digest", column: "signature_status", values: digestSignatureStatusSchema.options },
  { table: "cloudtrail_public_key", column: "origin", values: keyOriginSchema.options },
  { table: "missing_file_fetch", column: "status", values: fetchStatusSchema.options },
];

/** Checks that are not a list of values, as PostgreSQL prints them. */
const RULE_CHECKS = [
  // Sealed keys are stored exactly when the source says it uses keys.
  `s3_source s3_source_credentials_check CHECK (((credential_mode = 'keys'::text) = (sealed_credentials IS NOT NULL)))`,
  `s3_source s3_source_interval_minutes_check CHECK (((interval_minutes >= ${SYNC_INTERVAL_MINUTES.min}) ` +
    `AND (interval_minutes <= ${SYNC_INTERVAL_MINUTES.max})))`,
  // Every event holds its record in one of its two stored forms (lib/events/record-upgrade.ts).
  `event event_record_check CHECK (((record_data IS NOT NULL) OR (record IS NOT NULL)))`,
  // A request id kept as text is found through the MD5 of its text (lib/events/request-id.ts).
  `event event_request_key_check CHECK (((request_id IS NULL) OR (NOT (request_key IS DISTINCT FROM (md5(request_id))::uuid))))`,
  // The resources list's index key is last_seen's UTC day (migration 20261212141000).
  `resource resource_last_seen_day_check CHECK ((last_seen_day = ((last_seen AT TIME ZONE 'UTC'::text))::date))`,
  // An eventID is kept in exactly one of its two forms, a lower-case UUID always as uuid (lib/events/event-id.ts).
  `event event_event_key_check CHECK ((((event_key IS NULL) <> (event_id IS NULL)) AND (event_id !~ '${UUID_TEXT_SQL}'::text)))`,
];

/** Each constraint as describeCatalog prints it (PostgreSQL's pg_get_constraintdef). */
export function checkConstraintCatalogLines(): string[] {
  const enums = ENUM_COLUMNS.map(({ table, column, values }) => {
    const list = values.map((v) => `'${v}'::text`).join(", ");
    return `${table} ${table}_${column}_check CHECK ((${column} = ANY (ARRAY[${list}])))`;
  });
  return [...enums, ...RULE_CHECKS].map((line) => `constraint ${line}`);
}
