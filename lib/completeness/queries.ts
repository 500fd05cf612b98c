import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { poolOf } from "@/lib/db/create-client";
import { addDays } from "@/lib/sources/layout";
import { cellStatus, withDigestGaps } from "./coverage";
import { sourceCoverage } from "./fetch";
import { UUID_TEXT } from "@/lib/events/uuid-text";
import {
  HOURS_UP_TO_DAYS,
  MAX_LISTED_FILES,
  type ChainGap,
  type CompletenessQuery,
  type CompletenessReport,
  type CoverageCell,
  type NamedFile,
  type UnnamedFile,
  type DigestSignatureStatus,
} from "./schemas";

// Coverage of a range (SQL): digests are placed in the UTC hour their period starts; per-digest
// summaries kept at write time (files read, modified and missing, chain broken) make a cell a sum,
// so a year of hourly digests is one indexed range scan of the digests alone, and the lists only
// visit the rows those summaries flag (partial indexes: chain breaks, modified, not valid, read
// files named by no digest). Never the named files of complete hours.

interface Scope {
  /** $1, $2: the range's instants; $3, $4: account and region or null. */
  params: [Date, Date, string | null, string | null];
  where: string;
}

function scopeOf(q: CompletenessQuery): Scope {
  return {
    params: [
      new Date(`${q.from}T00:00:00Z`),
      new Date(`${addDays(q.to, 1)}T00:00:00Z`),
      q.account ?? null,
      q.region ?? null,
    ],
    where: `d.start_time >= $1 AND d.start_time < $2 AND ($3::text IS NULL OR d.account_id = $3) AND ($4::text IS NULL OR d.region = $4)`,
  };
}

type CellRow = {
  account_id: string;
  region: string;
  /** "2026-11-12T14:00:00.000Z" (UTC, whatever the session's time zone). */
  at: string;
  digests: number;
  files: number;
  read: number;
  modified: number;
  chain_gaps: number;
  valid: number;
  invalid: number;
};

async function cells(prisma: PrismaClient, scope: Scope, step: "hour" | "day"): Promise<CellRow[]> {
  const { rows } = await poolOf(prisma).query<CellRow>(
    `SELECT d.account_id, d.region, to_char(date_trunc('${step}', d.start_time AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24":00:00.000Z"') AS at,
       count(*)::int AS digests, sum(d.log_file_count)::int AS files, sum(d.files_read)::int AS read,
       sum(d.files_modified)::int AS modified,
       count(*) FILTER (WHERE d.chain_broken)::int AS chain_gaps,
       count(*) FILTER (WHERE d.signature_status = 'valid')::int AS valid,
       count(*) FILTER (WHERE d.signature_status = 'invalid')::int AS invalid
     FROM digest d
     WHERE ${scope.where}
     GROUP BY 1, 2, 3`,
    scope.params,
  );
  return rows;
}

function toCell(row: CellRow, step: "hour" | "day"): CoverageCell {
  const cell = {
    account: row.account_id,
    region: row.region,
    at: step === "hour" ? row.at : row.at.slice(0, 10),
    digests: row.digests,
    logFiles: row.files,
    read: row.read,
    missing: row.files - row.read,
    modified: row.modified,
    chainGaps: row.chain_gaps,
  };
  return { ...cell, status: cellStatus(cell) };
}

export async function completenessReport(prisma: PrismaClient, q: CompletenessQuery): Promise<CompletenessReport> {
  const pool = poolOf(prisma);
  const scope = scopeOf(q);
  const dayRows = await cells(prisma, scope, "day");
  const days = withDigestGaps(
    dayRows.map((r) => toCell(r, "day")),
    "day",
  );
  const spanDays = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1;
  const hours =
    spanDays <= HOURS_UP_TO_DAYS
      ? withDigestGaps(
          (await cells(prisma, scope, "hour")).map((r) => toCell(r, "hour")),
          "hour",
        )
      : null;

  const named = (modified: boolean) => {
    const which = modified
      ? "d.files_modified > 0 AND f.content_matches = false"
      : "d.files_missing > 0 AND f.file_id IS NULL";
    return pool.query<{
      account_id: string;
      region: string;
      hour: Date;
      key: string;
      bucket: string;
      digest_key: string;
      hash_value: string;
      file_id: string | null;
      name: string | null;
      content_sha256: string | null;
      events: number | null;
    }>(
      `SELECT d.account_id, d.region, d.start_time AS hour, f.key, f.bucket, d.key AS digest_key,
         f.hash_value, f.file_id::text, i.name, r.content_sha256, r.events
       FROM digest d JOIN digest_log_file f ON f.digest_id = d.id
       LEFT JOIN log_file_read r ON r.file_id = f.file_id
       LEFT JOIN ingest_file i ON i.id = f.file_id
       WHERE ${scope.where} AND ${which}
       ORDER BY d.start_time, d.account_id, d.region, f.key
       LIMIT ${MAX_LISTED_FILES}`,
      scope.params,
    );
  };
  const toNamed = (r: Awaited<ReturnType<typeof named>>["rows"][number]): NamedFile => ({
    account: r.account_id,
    region: r.region,
    hour: hourOf(r.hour),
    key: r.key,
    bucket: r.bucket,
    digestKey: r.digest_key,
    expectedSha256: r.hash_value,
    fileId: r.file_id,
    fileName: r.name,
    actualSha256: r.content_sha256,
    events: r.events,
    sourceName: null,
  });
  const [missing, modified, coverage] = await Promise.all([named(false), named(true), sourceCoverage(prisma)]);
  // Which S3 source could fetch each missing file now: same bucket, key under its prefix (longest first).
  const covering = (f: NamedFile): NamedFile => ({
    ...f,
    sourceName: coverage.find((c) => c.bucket === f.bucket && f.key.startsWith(c.prefix))?.name ?? null,
  });

  const unnamedWhere = `r.delivered_at >= $1 AND r.delivered_at < $2 AND ($3::text IS NULL OR r.account_id = $3)
    AND ($4::text IS NULL OR r.region = $4) AND NOT r.named`;
  const [unnamed, unnamedCount] = await Promise.all([
    pool.query<{
      file_id: string;
      name: string;
      account_id: string | null;
      region: string | null;
      delivered_at: Date | null;
      events: number;
    }>(
      `SELECT r.file_id::text, i.name, r.account_id, r.region, r.delivered_at, r.events
       FROM log_file_read r JOIN ingest_file i ON i.id = r.file_id
       WHERE ${unnamedWhere} ORDER BY r.delivered_at, r.file_id LIMIT ${MAX_LISTED_FILES}`,
      scope.params,
    ),
    pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM log_file_read r WHERE ${unnamedWhere}`, scope.params),
  ]);
  const unnamedFiles: UnnamedFile[] = unnamed.rows.map((r) => ({
    fileId: r.file_id,
    name: r.name,
    account: r.account_id,
    region: r.region,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    events: r.events,
  }));

  const gaps = await pool.query<{
    account_id: string;
    region: string;
    trail: string;
    key: string;
    start_time: Date;
    previous_key: string;
    found: boolean;
  }>(
    `SELECT d.account_id, d.region, d.trail, d.key, d.start_time, d.previous_key, p.id IS NOT NULL AS found
     FROM digest d LEFT JOIN digest p ON p.key = d.previous_key
     WHERE ${scope.where} AND d.chain_broken
     ORDER BY d.start_time LIMIT ${MAX_LISTED_FILES}`,
    scope.params,
  );
  const chainGaps: ChainGap[] = gaps.rows.map((r) => ({
    account: r.account_id,
    region: r.region,
    trail: r.trail,
    digestKey: r.key,
    hour: hourOf(r.start_time),
    previousKey: r.previous_key,
    reason: r.found ? "hash-mismatch" : "missing",
  }));

  // Invalid signatures first, then the unverified ones: two ordered, limited scans (the second
  // over the partial index of digests not valid) rather than a sort of every digest in range.
  const signatureProblems = (which: string, limit: number) =>
    pool.query<{
      account_id: string;
      region: string;
      key: string;
      start_time: Date;
      signature_status: DigestSignatureStatus;
    }>(
      `SELECT d.account_id, d.region, d.key, d.start_time, d.signature_status FROM digest d
       WHERE ${scope.where} AND d.signature_status <> 'valid' AND ${which}
       ORDER BY d.start_time LIMIT ${limit}`,
      scope.params,
    );
  const invalidSignatures = await signatureProblems("d.signature_status = 'invalid'", MAX_LISTED_FILES);
  const unverifiedSignatures =
    invalidSignatures.rows.length < MAX_LISTED_FILES
      ? await signatureProblems("d.signature_status <> 'invalid'", MAX_LISTED_FILES - invalidSignatures.rows.length)
      : { rows: [] };
  const problems = { rows: [...invalidSignatures.rows, ...unverifiedSignatures.rows] };

  const total = (f: (r: CellRow) => number) => dayRows.reduce((n, r) => n + f(r), 0);
  const digests = total((r) => r.digests);
  const valid = total((r) => r.valid);
  const invalid = total((r) => r.invalid);
  const streams = new Map<string, { account: string; region: string }>();
  for (const c of days) streams.set(`${c.account}/${c.region}`, { account: c.account, region: c.region });
  for (const f of unnamedFiles)
    if (f.account && f.region) streams.set(`${f.account}/${f.region}`, { account: f.account, region: f.region });

  return {
    from: q.from,
    to: q.to,
    account: q.account ?? null,
    region: q.region ?? null,
    summary: {
      digests,
      logFiles: total((r) => r.files),
      read: total((r) => r.read),
      missing: total((r) => r.files - r.read),
      modified: total((r) => r.modified),
      unnamed: unnamedCount.rows[0]!.n,
      chainGaps: total((r) => r.chain_gaps),
      signatures: { valid, invalid, unverified: digests - valid - invalid },
    },
    streams: [...streams.values()].sort((a, b) => `${a.account}/${a.region}`.localeCompare(`${b.account}/${b.region}`)),
    days,
    hours,
    missing: missing.rows.map(toNamed).map(covering),
    modified: modified.rows.map(toNamed),
    unnamed: unnamedFiles,
    chainGaps,
    signatureProblems: problems.rows.map((r) => ({
      account: r.account_id,
      region: r.region,
      digestKey: r.key,
      hour: hourOf(r.start_time),
      status: r.signature_status,
    })),
  };
}

function hourOf(time: Date): string {
  return new Date(Math.floor(time.getTime() / 3_600_000) * 3_600_000).toISOString();
}

/** Whether an event (by CloudTrail eventID) came from a log file whose content does not hash to its digest's value. */
export async function eventFileModified(
  prisma: PrismaClient,
  eventId: string,
): Promise<{ key: string; digestKey: string } | null> {
  const { rows } = await poolOf(prisma).query<{ key: string; digest_key: string }>(
    `SELECT f.key, d.key AS digest_key
     FROM event e JOIN digest_log_file f ON f.file_id = e.ingest_file_id JOIN digest d ON d.id = f.digest_id
     WHERE ${UUID_TEXT.test(eventId) ? "e.event_key = $1::uuid" : "e.event_id = $1"} AND f.content_matches = false LIMIT 1`,
    [eventId],
  );
  return rows[0] ? { key: rows[0].key, digestKey: rows[0].digest_key } : null;
}

/** The UTC day of the newest digest, if any: where the page's default range ends. */
export async function newestDigestDay(prisma: PrismaClient): Promise<string | null> {
  const { rows } = await poolOf(prisma).query<{ day: string | null }>(
    `SELECT to_char(max(start_time) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM digest`,
  );
  return rows[0]?.day ?? null;
}
