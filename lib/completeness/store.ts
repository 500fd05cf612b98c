// Storing digests and the log files read, and matching the two (SQL). Called by the ingest engine
// (lib/ingest/ingest-file.ts), which the CLI runs without the react-server condition: so this
// module does not import "server-only", like lib/ingest/store.ts.
//
// A log file a digest names is matched to a read file by content hash first (any name: an upload
// under another name still counts) and otherwise by name (its key's last segment: S3 objects and
// keyed uploads), in which case the content is compared. Matches are made from both sides: when
// the digest is stored, and when a log file is read after its digest.

import pg, { type PoolClient } from "pg";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { poolOf } from "@/lib/db/create-client";
import { baseName, parseDigestKey, parseLogFileName, type DigestFile } from "./digest-file";
import { verifyPendingSignatures } from "./verify";

export interface StoredDigest {
  id: bigint;
  inserted: boolean;
}

/**
 * Stores one digest (idempotent by its key) and its log files, then matches and verifies.
 *
 * A sync reads a digest per account, region and hour beside its log files, so this is on the sync's
 * path: a few round trips, not one per step. The steps that take no parameters from the file are sent
 * in one simple query with the statement before or after them (`COMMIT; BEGIN; SELECT …`); the
 * digest, its chain, the signatures it lends and its log files are one statement after the lock.
 */
export async function storeDigest(
  prisma: PrismaClient,
  digest: DigestFile,
  read: { contentSha256: string; fileId: bigint | null; signature: string | null },
): Promise<StoredDigest> {
  const parts = parseDigestKey(digest.digestS3Object);
  const signature = read.signature?.toLowerCase() ?? null;
  const client = await poolOf(prisma).connect();
  let result: StoredDigest & { unchecked: boolean };
  try {
    // One stream's digests are stored one at a time: each lends its signature to the one before
    // it, and two stored at once (the CLI reads files concurrently) would each miss the other.
    const stream = `digest-stream/${digest.awsAccountId}/${digest.digestS3Bucket}/${parts?.region ?? ""}/${parts?.trail ?? ""}`;
    await client.query(`BEGIN; SELECT pg_advisory_xact_lock(hashtext(${escapeLiteral(stream)}))`);
    result = await storeInTransaction(client, digest, read, parts, signature);
    // Matched after the commit: a log file read meanwhile either sees these rows or is seen here.
    if (result.inserted && digest.logFiles.length > 0) await matchDigest(client, result.id, digest, "COMMIT; ");
    else await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  // Statuses that need no key (no signature, no key loaded) are set as the digest is stored.
  if (result.unchecked) await verifyPendingSignatures(prisma);
  return { id: result.id, inserted: result.inserted };
}

/**
 * Matches a digest's log files to the files read, on a client whose transaction `prefix` ends (its
 * own BEGIN follows), and marks the read files it names as named by a digest.
 */
async function matchDigest(client: PoolClient, id: bigint, digest: DigestFile, prefix: string): Promise<void> {
  const digestId = id.toString(); // a bigint: safe in the SQL text
  await rematch(
    client,
    `${prefix}BEGIN; SELECT f.digest_id::text, f.key, f.file_id::text, f.content_matches FROM digest_log_file f
      WHERE f.digest_id = ${digestId} ORDER BY f.key FOR UPDATE`,
    () => ({
      sql: `WITH named AS (
       UPDATE log_file_read SET named = true
       WHERE NOT named AND (content_sha256 = ANY($2::text[]) OR base_name = ANY($3::text[]))
     )
     UPDATE digest_log_file f SET file_id = m.file_id, content_matches = m.matches
     FROM (
       SELECT f2.key, r.file_id, r.content_sha256 = f2.hash_value AS matches
       FROM digest_log_file f2
       CROSS JOIN LATERAL (
         SELECT r.file_id, r.content_sha256 FROM log_file_read r
         WHERE r.content_sha256 = f2.hash_value OR r.base_name = f2.base_name
         ORDER BY (r.content_sha256 = f2.hash_value) DESC, (r.base_name = f2.base_name) DESC, r.file_id
         LIMIT 1
       ) r
       WHERE f2.digest_id = $1
     ) m
     WHERE f.digest_id = $1 AND f.key = m.key
     RETURNING f.digest_id::text, f.key, f.file_id::text, f.content_matches`,
      params: [
        digestId,
        digest.logFiles.map((f) => f.hashValue.toLowerCase()),
        digest.logFiles.map((f) => baseName(f.s3Object)),
      ],
    }),
  );
}

interface MatchRow {
  digest_id: string;
  key: string;
  file_id: string | null;
  content_matches: boolean | null;
}

/** The rows of the last statement of a simple query that may hold several. */
function lastRows<R>(result: unknown): R[] {
  const results = Array.isArray(result) ? result : [result];
  return (results.at(-1) as { rows: R[] }).rows;
}

const escapeLiteral = (value: string) => pg.escapeLiteral(value);

/**
 * Changes matches of named files and keeps the per-digest counters exact: files_read, files_modified
 * and files_missing move by the difference between each row's match before (read under a row lock,
 * so no concurrent change slips in between) and after, in the same transaction. Digests are locked
 * in id order, so concurrent ingests queue rather than deadlock, and `x = x + delta` applies to the
 * newest row version whatever commits meanwhile (a recount from a snapshot could lose a change).
 *
 * `lock` opens the transaction and locks the rows (one simple query, no parameters); the update
 * follows, then the counters and the COMMIT in one simple query (numbers only): three round trips.
 */
async function rematch(
  client: PoolClient,
  lock: string,
  update: (locked: MatchRow[]) => { sql: string; params: unknown[] },
): Promise<void> {
  const before = lastRows<MatchRow>(await client.query(lock));
  if (before.length === 0) {
    await client.query("COMMIT");
    return;
  }
  const { sql, params } = update(before);
  const after = await client.query<MatchRow>(sql, params);
  const old = new Map(before.map((r) => [`${r.digest_id}/${r.key}`, r]));
  const digests = new Map<string, { read: number; modified: number }>();
  const bump = (row: MatchRow, sign: 1 | -1) => {
    const d = digests.get(row.digest_id) ?? { read: 0, modified: 0 };
    if (row.file_id !== null) d.read += sign;
    if (row.content_matches === false) d.modified += sign;
    digests.set(row.digest_id, d);
  };
  for (const row of after.rows) {
    const was = old.get(`${row.digest_id}/${row.key}`);
    if (!was) throw new Error(`digest_log_file ${row.digest_id}/${row.key} changed without its lock`);
    bump(was, -1);
    bump(row, 1);
  }
  const changed = [...digests].filter(([, d]) => d.read !== 0 || d.modified !== 0);
  if (changed.length === 0) {
    await client.query("COMMIT");
    return;
  }
  // Ids and counts are numbers (ids as read back from PostgreSQL): safe in the SQL text.
  const ids = changed.map(([id]) => BigInt(id).toString());
  const values = changed.map(([, d], i) => `(${ids[i]}::bigint, ${d.read | 0}, ${d.modified | 0})`).join(", ");
  // One digest's row is locked by its UPDATE; several are locked in id order first.
  const lockDigests =
    ids.length > 1 ? `SELECT 1 FROM digest WHERE id IN (${ids.join(", ")}) ORDER BY id FOR NO KEY UPDATE; ` : "";
  await client.query(
    `${lockDigests}UPDATE digest d SET files_read = d.files_read + c.read, files_modified = d.files_modified + c.modified,
       files_missing = d.files_missing - c.read
     FROM (VALUES ${values}) AS c(id, read, modified) WHERE d.id = c.id; COMMIT`,
  );
}

/**
 * The digest, its place in the chain, the signatures it lends and borrows, and its log files: one
 * statement, under the stream's lock. A digest whose status needs no key (no signature, no key
 * loaded for its fingerprint) gets it here; `unchecked` says whether one waits for verification.
 */
async function storeInTransaction(
  client: PoolClient,
  digest: DigestFile,
  read: { contentSha256: string; fileId: bigint | null },
  parts: ReturnType<typeof parseDigestKey>,
  signature: string | null,
): Promise<StoredDigest & { unchecked: boolean }> {
  const files = digest.logFiles;
  const { rows } = await client.query<{ id: string; inserted: boolean; unchecked: boolean }>(
    `WITH input AS (
       SELECT COALESCE($17::text, (
           -- The signature of a digest is also the next digest's previousDigestSignature: files read
           -- from disk or uploads carry no S3 metadata, so a digest borrows it from its successor.
           SELECT n.previous_signature FROM digest n
           WHERE n.previous_key = $1 AND n.previous_signature IS NOT NULL ORDER BY n.id LIMIT 1)) AS signature,
         EXISTS (SELECT 1 FROM cloudtrail_public_key k WHERE k.fingerprint = $16) AS has_key
     ),
     stored AS (
       INSERT INTO digest (key, bucket, account_id, region, trail, backfill, start_time, end_time, end_time_text,
         content_sha256, previous_bucket, previous_key, previous_hash, previous_signature, signature_algorithm,
         public_key_fingerprint, signature, signature_status, log_file_count, files_missing, file_id, chain_broken)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, i.signature,
         CASE WHEN i.signature IS NULL THEN 'no-signature' WHEN NOT i.has_key THEN 'no-key' ELSE 'unchecked' END,
         $18, $18, $19,
         -- The chain, kept per digest (under the stream's lock): this digest breaks it when its
         -- predecessor is not stored or does not hash to previous_hash.
         $12::text IS NOT NULL AND NOT EXISTS (
           SELECT 1 FROM digest p WHERE p.key = $12 AND ($13::text IS NULL OR p.content_sha256 = $13))
       FROM input i
       ON CONFLICT (key) DO UPDATE SET
         signature = COALESCE(digest.signature, EXCLUDED.signature),
         signature_status = CASE WHEN digest.signature IS NULL AND EXCLUDED.signature IS NOT NULL
           THEN 'unchecked' ELSE digest.signature_status END
       RETURNING id, (xmax = 0) AS inserted, signature_status
     ),
     -- The digest naming this one as its predecessor is whole again, or broken, by this digest's content.
     successors AS (
       UPDATE digest n SET chain_broken = (n.previous_hash IS NOT NULL AND n.previous_hash <> $10)
       FROM stored s WHERE s.inserted AND n.previous_key = $1
     ),
     log_files AS (
       INSERT INTO digest_log_file (digest_id, key, bucket, base_name, hash_value, oldest_event_time, newest_event_time)
       SELECT s.id, u.* FROM stored s,
         unnest($20::text[], $21::text[], $22::text[], $23::text[], $24::timestamptz[], $25::timestamptz[]) AS u
       WHERE s.inserted
       ON CONFLICT DO NOTHING
     ),
     -- This digest lends its predecessor the signature it names.
     lent AS (
       UPDATE digest p SET signature = $26, signature_status = CASE WHEN EXISTS (
           SELECT 1 FROM cloudtrail_public_key k WHERE k.fingerprint = p.public_key_fingerprint) THEN 'unchecked' ELSE 'no-key' END
       WHERE $26::text IS NOT NULL AND p.key = $12 AND p.signature IS NULL
       RETURNING p.signature_status
     )
     SELECT s.id::text, s.inserted,
       (s.signature_status = 'unchecked' OR EXISTS (SELECT 1 FROM lent WHERE signature_status = 'unchecked')) AS unchecked
     FROM stored s`,
    [
      digest.digestS3Object,
      digest.digestS3Bucket,
      digest.awsAccountId,
      parts?.region ?? regionOfKey(digest.digestS3Object) ?? "",
      parts?.trail ?? "",
      parts?.backfill ?? false,
      new Date(digest.digestStartTime),
      new Date(digest.digestEndTime),
      digest.digestEndTime,
      read.contentSha256,
      digest.previousDigestS3Bucket ?? null,
      digest.previousDigestS3Object ?? null,
      digest.previousDigestHashValue?.toLowerCase() ?? null,
      digest.previousDigestSignature ?? null, // as written: it is part of the signing string
      digest.digestSignatureAlgorithm ?? null,
      digest.digestPublicKeyFingerprint?.toLowerCase() ?? null,
      signature,
      files.length,
      read.fileId?.toString() ?? null,
      files.map((f) => f.s3Object),
      files.map((f) => f.s3Bucket),
      files.map((f) => baseName(f.s3Object)),
      files.map((f) => f.hashValue.toLowerCase()),
      files.map((f) => (f.oldestEventTime ? new Date(f.oldestEventTime) : null)),
      files.map((f) => (f.newestEventTime ? new Date(f.newestEventTime) : null)),
      digest.previousDigestS3Object && digest.previousDigestSignature
        ? digest.previousDigestSignature.toLowerCase()
        : null,
    ],
  );
  const row = rows[0]!;
  return { id: BigInt(row.id), inserted: row.inserted, unchecked: row.unchecked };
}

function regionOfKey(key: string): string | null {
  const match = /\/CloudTrail-Digest\/([a-z0-9-]+)\//.exec(key);
  return match?.[1] ?? null;
}

/** Records a log file read whole and matches it to the digests that name it. */
export async function recordLogFileRead(
  prisma: PrismaClient,
  file: { fileId: bigint; name: string; contentSha256: string; events: number },
): Promise<void> {
  const pool = poolOf(prisma);
  const base = baseName(file.name);
  const placed = parseLogFileName(base);
  await pool.query(
    `INSERT INTO log_file_read (file_id, base_name, content_sha256, events, account_id, region, delivered_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (file_id) DO NOTHING`,
    [
      file.fileId.toString(),
      base,
      file.contentSha256,
      file.events,
      placed?.account ?? null,
      placed?.region ?? null,
      placed?.deliveredAt ?? null,
    ],
  );
  // A content match wins over a name match (an intact copy read after an altered one), and the same
  // name with the same content over the same content under another name (files of identical content
  // exist: a file holding only a record delivered again).
  const hash = escapeLiteral(file.contentSha256);
  const name = escapeLiteral(base);
  const which = `(f.hash_value = ${hash} OR f.base_name = ${name})
       AND (f.file_id IS NULL
         OR (f.hash_value = ${hash} AND f.content_matches = false)
         -- the same name and content takes over from a copy of the content under another name
         OR (f.base_name = ${name} AND f.hash_value = ${hash}
           AND NOT EXISTS (SELECT 1 FROM log_file_read r WHERE r.file_id = f.file_id AND r.base_name = ${name})))`;
  // Named by a digest (read files named by none are listed): only ever turns true, set here and
  // by storeDigest after its commit, so one of the two sees the other whatever the order.
  await pool.query(
    `UPDATE log_file_read r SET named = true
     WHERE r.file_id = $1 AND NOT r.named
       AND (EXISTS (SELECT 1 FROM digest_log_file f WHERE f.hash_value = $2)
         OR EXISTS (SELECT 1 FROM digest_log_file f WHERE f.base_name = $3))`,
    [file.fileId.toString(), file.contentSha256, base],
  );
  // Only the rows locked are changed: a digest stored meanwhile is matched by its own storeDigest.
  const client = await pool.connect();
  try {
    await rematch(
      client,
      `BEGIN; SELECT f.digest_id::text, f.key, f.file_id::text, f.content_matches FROM digest_log_file f
        WHERE ${which} ORDER BY f.digest_id, f.key FOR UPDATE OF f`,
      (locked) => ({
        sql: `UPDATE digest_log_file f SET file_id = $1, content_matches = (f.hash_value = $2)
        FROM unnest($3::bigint[], $4::text[]) AS t(digest_id, key) WHERE f.digest_id = t.digest_id AND f.key = t.key
        RETURNING f.digest_id::text, f.key, f.file_id::text, f.content_matches`,
        params: [file.fileId.toString(), file.contentSha256, locked.map((r) => r.digest_id), locked.map((r) => r.key)],
      }),
    );
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
