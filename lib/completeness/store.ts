// Storing digests and the log files read, and matching the two (SQL). Called by the ingest engine
// (lib/ingest/ingest-file.ts), which the CLI runs without the react-server condition: so this
// module does not import "server-only", like lib/ingest/store.ts.
//
// A log file a digest names is matched to a read file by content hash first (any name: an upload
// under another name still counts) and otherwise by name (its key's last segment: S3 objects and
// keyed uploads), in which case the content is compared. Matches are made from both sides: when
// the digest is stored, and when a log file is read after its digest.

import type { Pool, PoolClient } from "pg";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { poolOf } from "@/lib/db/create-client";
import { baseName, parseDigestKey, parseLogFileName, type DigestFile } from "./digest-file";
import { verifyPendingSignatures } from "./verify";

export interface StoredDigest {
  id: bigint;
  inserted: boolean;
}

/** Stores one digest (idempotent by its key) and its log files, then matches and verifies. */
export async function storeDigest(
  prisma: PrismaClient,
  digest: DigestFile,
  read: { contentSha256: string; fileId: bigint | null; signature: string | null },
): Promise<StoredDigest> {
  const parts = parseDigestKey(digest.digestS3Object);
  const signature = read.signature?.toLowerCase() ?? null;
  // One stream's digests are stored one at a time: each lends its signature to the one before
  // it, and two stored at once (the CLI reads files concurrently) would each miss the other.
  const pool = await poolOf(prisma).connect();
  let result: StoredDigest;
  try {
    await pool.query("BEGIN");
    await pool.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
      `digest-stream/${digest.awsAccountId}/${digest.digestS3Bucket}/${parts?.region ?? ""}/${parts?.trail ?? ""}`,
    ]);
    result = await storeInTransaction(pool, digest, read, parts, signature);
    await pool.query("COMMIT");
  } catch (error) {
    await pool.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    pool.release();
  }
  // Matched after the commit: a log file read meanwhile either sees these rows or is seen here.
  if (result.inserted && digest.logFiles.length > 0) {
    await matchDigest(poolOf(prisma), result.id);
    await poolOf(prisma).query(
      `UPDATE log_file_read SET named = true
       WHERE NOT named AND (content_sha256 = ANY($1::text[]) OR base_name = ANY($2::text[]))`,
      [digest.logFiles.map((f) => f.hashValue.toLowerCase()), digest.logFiles.map((f) => baseName(f.s3Object))],
    );
  }
  await verifyPendingSignatures(prisma);
  return result;
}

async function matchDigest(pool: Pool, id: bigint): Promise<void> {
  const params = [id.toString()];
  await rematch(
    pool,
    {
      sql: `SELECT f.digest_id, f.key, f.file_id, f.content_matches FROM digest_log_file f
        WHERE f.digest_id = $1 ORDER BY f.key FOR UPDATE`,
      params,
    },
    () => ({
      sql: `UPDATE digest_log_file f SET file_id = m.file_id, content_matches = m.matches
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
     RETURNING f.digest_id, f.key, f.file_id, f.content_matches`,
      params,
    }),
  );
}

interface MatchRow {
  digest_id: string;
  key: string;
  file_id: string | null;
  content_matches: boolean | null;
}

/**
 * Changes matches of named files and keeps the per-digest counters exact: files_read, files_modified
 * and files_missing move by the difference between each row's match before (read under a row lock,
 * so no concurrent change slips in between) and after, in the same transaction. Digests are locked
 * in id order, so concurrent ingests queue rather than deadlock, and `x = x + delta` applies to the
 * newest row version whatever commits meanwhile (a recount from a snapshot could lose a change).
 */
async function rematch(
  pool: Pool,
  lock: { sql: string; params: unknown[] },
  update: (locked: MatchRow[]) => { sql: string; params: unknown[] },
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const before = await client.query<MatchRow>(lock.sql, lock.params);
    if (before.rows.length > 0) {
      const { sql, params } = update(before.rows);
      const after = await client.query<MatchRow>(sql, params);
      const old = new Map(before.rows.map((r) => [`${r.digest_id}/${r.key}`, r]));
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
      if (changed.length > 0) {
        const ids = changed.map(([id]) => id);
        await client.query(`SELECT 1 FROM digest WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE`, [ids]);
        await client.query(
          `UPDATE digest d SET files_read = d.files_read + c.read, files_modified = d.files_modified + c.modified,
             files_missing = d.files_missing - c.read
           FROM unnest($1::bigint[], $2::int[], $3::int[]) AS c(id, read, modified) WHERE d.id = c.id`,
          [ids, changed.map(([, d]) => d.read), changed.map(([, d]) => d.modified)],
        );
      }
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function storeInTransaction(
  pool: PoolClient,
  digest: DigestFile,
  read: { contentSha256: string; fileId: bigint | null },
  parts: ReturnType<typeof parseDigestKey>,
  signature: string | null,
): Promise<StoredDigest> {
  const { rows } = await pool.query<{ id: string; inserted: boolean }>(
    `INSERT INTO digest (key, bucket, account_id, region, trail, backfill, start_time, end_time, end_time_text,
       content_sha256, previous_bucket, previous_key, previous_hash, previous_signature, signature_algorithm,
       public_key_fingerprint, signature, log_file_count, files_missing, file_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $19)
     ON CONFLICT (key) DO UPDATE SET
       signature = COALESCE(digest.signature, EXCLUDED.signature),
       signature_status = CASE WHEN digest.signature IS NULL AND EXCLUDED.signature IS NOT NULL
         THEN 'unchecked' ELSE digest.signature_status END
     RETURNING id, (xmax = 0) AS inserted`,
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
      digest.logFiles.length,
      read.fileId?.toString() ?? null,
    ],
  );
  const id = BigInt(rows[0]!.id);
  const inserted = rows[0]!.inserted;
  if (inserted) {
    // The chain, kept per digest (under the stream's lock): this digest breaks it when its
    // predecessor is not stored or does not hash to previous_hash; the digest naming this one as
    // its predecessor is whole again, or broken, by this digest's content.
    await pool.query(
      `UPDATE digest d SET chain_broken = NOT EXISTS (
         SELECT 1 FROM digest p WHERE p.key = d.previous_key AND (d.previous_hash IS NULL OR p.content_sha256 = d.previous_hash))
       WHERE d.id = $1 AND d.previous_key IS NOT NULL`,
      [id.toString()],
    );
    await pool.query(
      `UPDATE digest n SET chain_broken = (n.previous_hash IS NOT NULL AND n.previous_hash <> $2)
       WHERE n.previous_key = $1`,
      [digest.digestS3Object, read.contentSha256],
    );
  }
  if (inserted && digest.logFiles.length > 0) {
    const files = digest.logFiles;
    await pool.query(
      `INSERT INTO digest_log_file (digest_id, key, bucket, base_name, hash_value, oldest_event_time, newest_event_time)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[])
       ON CONFLICT DO NOTHING`,
      [
        id.toString(),
        files.map((f) => f.s3Object),
        files.map((f) => f.s3Bucket),
        files.map((f) => baseName(f.s3Object)),
        files.map((f) => f.hashValue.toLowerCase()),
        files.map((f) => (f.oldestEventTime ? new Date(f.oldestEventTime) : null)),
        files.map((f) => (f.newestEventTime ? new Date(f.newestEventTime) : null)),
      ],
    );
  }
  // The signature of a digest is also the next digest's previousDigestSignature: files read from
  // disk or uploads carry no S3 metadata, so each digest lends its predecessor the signature.
  if (digest.previousDigestS3Object && digest.previousDigestSignature) {
    await pool.query(
      `UPDATE digest SET signature = $2, signature_status = 'unchecked' WHERE key = $1 AND signature IS NULL`,
      [digest.previousDigestS3Object, digest.previousDigestSignature.toLowerCase()],
    );
  }
  if (!signature) {
    await pool.query(
      `UPDATE digest d SET signature = n.previous_signature, signature_status = 'unchecked'
       FROM digest n
       WHERE d.id = $1 AND d.signature IS NULL AND n.previous_key = d.key AND n.previous_signature IS NOT NULL`,
      [id.toString()],
    );
  }
  return { id, inserted };
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
  const which = `(f.hash_value = $1 OR f.base_name = $2)
       AND (f.file_id IS NULL
         OR (f.hash_value = $1 AND f.content_matches = false)
         -- the same name and content takes over from a copy of the content under another name
         OR (f.base_name = $2 AND f.hash_value = $1
           AND NOT EXISTS (SELECT 1 FROM log_file_read r WHERE r.file_id = f.file_id AND r.base_name = $2)))`;
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
  await rematch(
    pool,
    {
      sql: `SELECT f.digest_id, f.key, f.file_id, f.content_matches FROM digest_log_file f
        WHERE ${which} ORDER BY f.digest_id, f.key FOR UPDATE OF f`,
      params: [file.contentSha256, base],
    },
    (locked) => ({
      sql: `UPDATE digest_log_file f SET file_id = $1, content_matches = (f.hash_value = $2)
        FROM unnest($3::bigint[], $4::text[]) AS t(digest_id, key) WHERE f.digest_id = t.digest_id AND f.key = t.key
        RETURNING f.digest_id, f.key, f.file_id, f.content_matches`,
      params: [file.fileId.toString(), file.contentSha256, locked.map((r) => r.digest_id), locked.map((r) => r.key)],
    }),
  );
}
