import { recordedFileOutcomeSchema } from "@/lib/ingest/file-summary";
import { runStatusSchema, sourceKindSchema } from "@/lib/ingest/run-summary";

// The CHECK constraints that keep enum columns to their zod enum. Prisma's schema language has
// no CHECK constraints, so they are written by hand in a migration and are all a migrated
// database has beyond schema.prisma: the drift test expects exactly these lines more.

const ENUM_COLUMNS = [
  { table: "source", column: "kind", values: sourceKindSchema.options },
  { table: "ingest_run", column: "status", values: runStatusSchema.options },
  { table: "ingest_file", column: "outcome", values: recordedFileOutcomeSchema.options },
];

/** Each constraint as describeCatalog prints it (PostgreSQL's pg_get_constraintdef). */
export function enumCheckCatalogLines(): string[] {
  return ENUM_COLUMNS.map(({ table, column, values }) => {
    const list = values.map((v) => `'${v}'::text`).join(", ");
    return `constraint ${table} ${table}_${column}_check CHECK ((${column} = ANY (ARRAY[${list}])))`;
  });
}
