import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { encodeRecord } from "./record-codec";

// Rows stored before records were compressed (migration 20261207110000_record_data) hold their
// record as jsonb in `record`. The sweeper converts them a page at a time: each row's jsonb text
// is encoded (record-codec.ts) into record_data and `record` cleared in the same UPDATE, so a row
// always holds one of the two (CHECK event_record_check) and every read takes either
// (record-codec-sql.ts): an upgraded install never loses or hides a record, and a crash only
// repeats a page. The jsonb text is what PostgreSQL kept (its spacing and key order, not the
// file's); records stored since keep the bytes as read. The space the jsonb held is reused by
// new rows; VACUUM FULL event gives it back to the file system.

/** Rows converted per page (a few hundred KB of jsonb text). */
export const UPGRADE_PAGE_ROWS = 1_000;

/** Converts up to `limit` rows still holding jsonb; returns how many it converted (0: none left). */
export async function convertLegacyRecords(prisma: PrismaClient, limit = UPGRADE_PAGE_ROWS): Promise<number> {
  const rows = await prisma.$queryRaw<Array<{ id: bigint; text: string }>>`
    SELECT id, record::text AS text FROM event WHERE record IS NOT NULL ORDER BY id LIMIT ${limit}`;
  if (rows.length === 0) return 0;
  const data = rows.map((r) => encodeRecord(r.text));
  // No transaction held while encoding: two sweepers converting the same page write the same
  // bytes, and a row another one converted meanwhile is left alone (record IS NOT NULL).
  await prisma.$executeRaw`
    UPDATE event e SET record_data = u.data, record = NULL
    FROM unnest(${rows.map((r) => r.id)}::bigint[], ${data}::bytea[]) AS u(id, data)
    WHERE e.id = u.id AND e.record IS NOT NULL`;
  return rows.length;
}

/** Pages of convertLegacyRecords until none is left or `budgetMs` has passed; returns how many rows. */
export async function convertLegacyRecordsFor(
  prisma: PrismaClient,
  { budgetMs = 3_000, pageRows = UPGRADE_PAGE_ROWS }: { budgetMs?: number; pageRows?: number } = {},
): Promise<number> {
  const start = Date.now();
  let converted = 0;
  for (;;) {
    const n = await convertLegacyRecords(prisma, pageRows);
    converted += n;
    if (n === 0 || Date.now() - start >= budgetMs) return converted;
  }
}
