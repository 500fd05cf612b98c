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
import { toPostgresText } from "@/lib/ingest/postgres-text";
import { baseName, parseDigestKey, parseLogFileName, type DigestFile } from "./digest-file";
import { verifyPendingSignatures } from "./verify";

export interface StoredDigest {
  id: bigint;
  inserted: boolean;
}

export interface DigestToStore {
  digest: DigestFile;
  read: { contentSha256: string; fileId: bigint | null; signature: string | null };
}

/** Stores one digest (idempotent by its key) and its log files, then matches and verifies. */
export async function storeDigest(
  prisma: PrismaClient,
  digest: DigestFile,
  read: DigestToStore["read"],
): Promise<StoredDigest> {
  return (await storeDigests(prisma, [{ digest, read }]))[0]!;
}

/**
 * Stores digests (idempotent by key) and their log files, then matches and verifies: the result of
 * storing them one by one in chain order (by start time), in a few round trips for all of them.
 *
 * A sync reads a digest per account, region and hour beside its log files, so this is on the sync's
 * path (issue 16): one digest at a time cost 5 round trips each; a batch costs 5 (6 when a digest's
 * chain or signature reaches another digest of the batch or one stored before it) whatever its size:
 * the streams' locks; one statement for the digests, their chain, the signatures they borrow and their
 * log files; (the chain and lent signatures between them); `COMMIT; BEGIN; SELECT … FOR UPDATE`; the
 * match with the "named" update; the counters with the `COMMIT`. The results are one per item, in order
 * (a key given twice: the later one not inserted).
 */
export async function storeDigests(prisma: PrismaClient, items: readonly DigestToStore[]): Promise<StoredDigest[]> {
  if (items.length === 0) return [];
  // One row per key (the first read wins, as the later one-by-one store would have conflicted), in
  // chain order: a digest's predecessor is stored before it, as one by one.
  const byKey = new Map<string, DigestToStore>();
  for (const item of items) if (!byKey.has(item.digest.digestS3Object)) byKey.set(item.digest.digestS3Object, item);
  const batch = [...byKey.values()].sort(
    (a, b) =>
      Date.parse(a.digest.digestStartTime) - Date.parse(b.digest.digestStartTime) ||
      (a.digest.digestS3Object < b.digest.digestS3Object ? -1 : 1),
  );
  // One stream's digests are stored under its lock: each lends its signature to the one before it,
  // and two stored at once (the CLI reads files concurrently) would each miss the other. The locks
  // are taken in one order (their hashes sorted), so two batches queue rather than deadlock.
  const streams = [
    ...new Set(
      batch.map(({ digest }) => {
        const parts = parseDigestKey(digest.digestS3Object);
        return `digest-stream/${digest.awsAccountId}/${digest.digestS3Bucket}/${parts?.region ?? ""}/${parts?.trail ?? ""}`;
      }),
    ),
  ];
  const client = await poolOf(prisma).connect();
  let stored: Map<string, StoredDigest>;
  let unchecked: boolean;
  try {
    await client.query(
      `BEGIN; SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtext(s) AS h FROM unnest(ARRAY[${streams
        .map(escapeLiteral)
        .join(", ")}]::text[]) AS s ORDER BY 1) AS l`,
    );
    const result = await storeInTransaction(client, batch);
    stored = result.stored;
    unchecked = result.unchecked;
    // Matched after the commit: a log file read meanwhile either sees these rows or is seen here.
    const toMatch = batch.filter(
      ({ digest }) => stored.get(digest.digestS3Object)!.inserted && digest.logFiles.length > 0,
    );
    if (toMatch.length > 0)
      await matchDigests(
        client,
        toMatch.map(({ digest }) => ({ id: stored.get(digest.digestS3Object)!.id, digest })),
        "COMMIT; ",
      );
    else await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  // Statuses that need no key (no signature, no key loaded) are set as the digests are stored.
  if (unchecked) await verifyPendingSignatures(prisma);
  // A key given twice is stored once: its later copies were not inserted, as one by one.
  const seen = new Set<string>();
  return items.map(({ digest }) => {
    const result = stored.get(digest.digestS3Object)!;
    if (!seen.has(digest.digestS3Object)) {
      seen.add(digest.digestS3Object);
      return result;
    }
    return { id: result.id, inserted: false };
  });
}

/**
 * The file read that a digest's log file (the digest_log_file row `f2`) is matched to, as `r`: the same
 * content first, then the same name, then the file read first. Both sides match by it (matchDigests,
 * recordLogFileReads), so a match does not depend on whether the digest or the file came first.
 */
const BEST_READ_OF_F2 = `CROSS JOIN LATERAL (
  SELECT r.file_id, r.content_sha256 FROM log_file_read r
  WHERE r.content_sha256 = f2.hash_value OR r.base_name = f2.base_name
  ORDER BY (r.content_sha256 = f2.hash_value) DESC, (r.base_name = f2.base_name) DESC, r.file_id
  LIMIT 1
) r`;

/**
 * Matches digests' log files to the files read, on a client whose transaction `prefix` ends (its
 * own BEGIN follows), and marks the read files they name as named by a digest.
 */
async function matchDigests(
  client: PoolClient,
  digests: { id: bigint; digest: DigestFile }[],
  prefix: string,
): Promise<void> {
  const ids = digests.map((d) => d.id.toString()); // bigints: safe in the SQL text
  const files = digests.flatMap((d) => d.digest.logFiles);
  await rematch(
    client,
    `${prefix}BEGIN; SELECT f.digest_id::text, f.key, f.file_id::text, f.content_matches FROM digest_log_file f
      WHERE f.digest_id IN (${ids.join(", ")}) ORDER BY f.digest_id, f.key FOR UPDATE`,
    () => ({
      sql: `WITH named AS (
       UPDATE log_file_read SET named = true
       WHERE NOT named AND (content_sha256 = ANY($2::text[]) OR base_name = ANY($3::text[]))
     )
     UPDATE digest_log_file f SET file_id = m.file_id, content_matches = m.matches
     FROM (
       SELECT f2.digest_id, f2.key, r.file_id, r.content_sha256 = f2.hash_value AS matches
       FROM digest_log_file f2
       ${BEST_READ_OF_F2}
       WHERE f2.digest_id = ANY($1::bigint[])
     ) m
     WHERE f.digest_id = m.digest_id AND f.key = m.key
     RETURNING f.digest_id::text, f.key, f.file_id::text, f.content_matches`,
      params: [ids, files.map((f) => f.hashValue.toLowerCase()), files.map((f) => baseName(f.s3Object))],
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
  const changes = after.rows.map((row): [MatchRow, MatchRow] => {
    const was = old.get(`${row.digest_id}/${row.key}`);
    if (!was) throw new Error(`digest_log_file ${row.digest_id}/${row.key} changed without its lock`);
    return [was, row];
  });
  await client.query(`${countersSql(changes)}COMMIT`);
}

/**
 * The statements that move each digest's counters by its rows' changes (before, after), each ended
 * by "; ", or "" when no counter moves. Ids and counts are numbers (ids as read back from
 * PostgreSQL): safe in the SQL text.
 */
function countersSql(changes: readonly (readonly [MatchRow, MatchRow])[]): string {
  const digests = new Map<string, { read: number; modified: number }>();
  const bump = (row: MatchRow, sign: 1 | -1) => {
    const d = digests.get(row.digest_id) ?? { read: 0, modified: 0 };
    if (row.file_id !== null) d.read += sign;
    if (row.content_matches === false) d.modified += sign;
    digests.set(row.digest_id, d);
  };
  for (const [was, row] of changes) {
    bump(was, -1);
    bump(row, 1);
  }
  const changed = [...digests].filter(([, d]) => d.read !== 0 || d.modified !== 0);
  if (changed.length === 0) return "";
  const ids = changed.map(([id]) => BigInt(id).toString());
  const values = changed.map(([, d], i) => `(${ids[i]}::bigint, ${d.read | 0}, ${d.modified | 0})`).join(", ");
  // One digest's row is locked by its UPDATE; several are locked in id order first.
  const lockDigests =
    ids.length > 1 ? `SELECT 1 FROM digest WHERE id IN (${ids.join(", ")}) ORDER BY id FOR NO KEY UPDATE; ` : "";
  return `${lockDigests}UPDATE digest d SET files_read = d.files_read + c.read, files_modified = d.files_modified + c.modified,
       files_missing = d.files_missing - c.read
     FROM (VALUES ${values}) AS c(id, read, modified) WHERE d.id = c.id; `;
}

/**
 * The digests, their places in the chain, the signatures they borrow and their log files: one
 * statement, under the streams' locks. A digest whose status needs no key (no signature, no key
 * loaded for its fingerprint) gets it here; `unchecked` says whether one waits for verification.
 *
 * One statement does not see the rows it inserts: what one digest of the batch does to another (the
 * chain to a predecessor stored in the same batch, a signature lent to it) and to a digest stored
 * before that is also touched by the batch is done by a second statement, sent only when needed.
 */
async function storeInTransaction(
  client: PoolClient,
  batch: readonly DigestToStore[],
): Promise<{ stored: Map<string, StoredDigest>; unchecked: boolean }> {
  const parts = batch.map(({ digest }) => parseDigestKey(digest.digestS3Object));
  const files = batch.flatMap(({ digest }, i) => digest.logFiles.map((f) => ({ i: i + 1, f })));
  // What each digest lends its predecessor: the signature it names.
  const lends = batch.map(({ digest }) =>
    digest.previousDigestS3Object && digest.previousDigestSignature
      ? digest.previousDigestSignature.toLowerCase()
      : null,
  );
  const { rows } = await client.query<{
    id: string;
    key: string;
    inserted: boolean;
    unchecked: boolean;
    needs_links: boolean;
  }>(
    `WITH input AS (
       SELECT u.*, COALESCE(u.own_signature, (
           -- The signature of a digest is also the next digest's previousDigestSignature: files read
           -- from disk or uploads carry no S3 metadata, so a digest borrows it from its successor.
           SELECT n.previous_signature FROM digest n
           WHERE n.previous_key = u.key AND n.previous_signature IS NOT NULL ORDER BY n.id LIMIT 1)) AS signature,
         EXISTS (SELECT 1 FROM cloudtrail_public_key k WHERE k.fingerprint = u.public_key_fingerprint) AS has_key
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::timestamptz[],
         $8::timestamptz[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],
         $16::text[], $17::text[], $18::int[], $19::bigint[], $26::text[]) WITH ORDINALITY
         AS u(key, bucket, account_id, region, trail, backfill, start_time, end_time, end_time_text, content_sha256,
           previous_bucket, previous_key, previous_hash, previous_signature, signature_algorithm, public_key_fingerprint,
           own_signature, log_file_count, file_id, lend, ord)
     ),
     stored AS (
       INSERT INTO digest (key, bucket, account_id, region, trail, backfill, start_time, end_time, end_time_text,
         content_sha256, previous_bucket, previous_key, previous_hash, previous_signature, signature_algorithm,
         public_key_fingerprint, signature, signature_status, log_file_count, files_missing, file_id, chain_broken)
       SELECT i.key, i.bucket, i.account_id, i.region, i.trail, i.backfill, i.start_time, i.end_time, i.end_time_text,
         i.content_sha256, i.previous_bucket, i.previous_key, i.previous_hash, i.previous_signature,
         i.signature_algorithm, i.public_key_fingerprint, i.signature,
         CASE WHEN i.signature IS NULL THEN 'no-signature' WHEN NOT i.has_key THEN 'no-key' ELSE 'unchecked' END,
         i.log_file_count, i.log_file_count, i.file_id,
         -- The chain, kept per digest (under the stream's lock): this digest breaks it when its
         -- predecessor is not stored or does not hash to previous_hash (a predecessor stored by this
         -- statement is not seen here: the second statement sets these digests again).
         i.previous_key IS NOT NULL AND NOT EXISTS (
           SELECT 1 FROM digest p WHERE p.key = i.previous_key AND (i.previous_hash IS NULL OR p.content_sha256 = i.previous_hash))
       FROM input i ORDER BY i.ord
       ON CONFLICT (key) DO UPDATE SET
         signature = COALESCE(digest.signature, EXCLUDED.signature),
         signature_status = CASE WHEN digest.signature IS NULL AND EXCLUDED.signature IS NOT NULL
           THEN 'unchecked' ELSE digest.signature_status END
       RETURNING id, key, (xmax = 0) AS inserted, signature_status, signature
     ),
     log_files AS (
       INSERT INTO digest_log_file (digest_id, key, bucket, base_name, hash_value, oldest_event_time, newest_event_time)
       SELECT s.id, u.key, u.bucket, u.base_name, u.hash_value, u.oldest, u.newest
       FROM unnest($20::bigint[], $21::text[], $22::text[], $23::text[], $24::text[], $25::timestamptz[], $27::timestamptz[])
         AS u(ord, key, bucket, base_name, hash_value, oldest, newest)
       JOIN input i ON i.ord = u.ord JOIN stored s ON s.key = i.key
       WHERE s.inserted
       ON CONFLICT DO NOTHING
     ),
     -- Whether the second statement has work: a digest stored before (this statement's snapshot) or
     -- by this statement that follows a digest inserted here, or precedes one that lends a signature
     -- and has none yet.
     links AS (
       SELECT EXISTS (SELECT 1 FROM stored s JOIN digest n ON n.previous_key = s.key WHERE s.inserted)
         OR EXISTS (SELECT 1 FROM stored s JOIN input i ON i.previous_key = s.key WHERE s.inserted)
         OR EXISTS (SELECT 1 FROM input i JOIN digest p ON p.key = i.previous_key WHERE i.lend IS NOT NULL AND p.signature IS NULL)
         OR EXISTS (SELECT 1 FROM input i JOIN stored s ON s.key = i.previous_key WHERE i.lend IS NOT NULL AND s.signature IS NULL)
         AS needed
     )
     SELECT s.id::text, s.key, s.inserted, s.signature_status = 'unchecked' AS unchecked, l.needed AS needs_links
     FROM stored s, links l`,
    [
      batch.map(({ digest }) => digest.digestS3Object),
      batch.map(({ digest }) => digest.digestS3Bucket),
      batch.map(({ digest }) => digest.awsAccountId),
      batch.map(({ digest }, i) => parts[i]?.region ?? regionOfKey(digest.digestS3Object) ?? ""),
      parts.map((p) => p?.trail ?? ""),
      parts.map((p) => p?.backfill ?? false),
      batch.map(({ digest }) => new Date(digest.digestStartTime)),
      batch.map(({ digest }) => new Date(digest.digestEndTime)),
      batch.map(({ digest }) => digest.digestEndTime),
      batch.map(({ read }) => read.contentSha256),
      batch.map(({ digest }) => digest.previousDigestS3Bucket ?? null),
      batch.map(({ digest }) => digest.previousDigestS3Object ?? null),
      batch.map(({ digest }) => digest.previousDigestHashValue?.toLowerCase() ?? null),
      batch.map(({ digest }) => digest.previousDigestSignature ?? null), // as written: it is part of the signing string
      batch.map(({ digest }) => digest.digestSignatureAlgorithm ?? null),
      batch.map(({ digest }) => digest.digestPublicKeyFingerprint?.toLowerCase() ?? null),
      batch.map(({ read }) => read.signature?.toLowerCase() ?? null),
      batch.map(({ digest }) => digest.logFiles.length),
      batch.map(({ read }) => read.fileId?.toString() ?? null),
      files.map(({ i }) => i),
      files.map(({ f }) => f.s3Object),
      files.map(({ f }) => f.s3Bucket),
      files.map(({ f }) => baseName(f.s3Object)),
      files.map(({ f }) => f.hashValue.toLowerCase()),
      files.map(({ f }) => (f.oldestEventTime ? new Date(f.oldestEventTime) : null)),
      lends,
      files.map(({ f }) => (f.newestEventTime ? new Date(f.newestEventTime) : null)),
    ],
  );
  const stored = new Map(rows.map((r) => [r.key, { id: BigInt(r.id), inserted: r.inserted }]));
  let unchecked = rows.some((r) => r.unchecked);
  if (rows[0]?.needs_links) unchecked = (await linkDigests(client, batch, stored, lends)) || unchecked;
  return { stored, unchecked };
}

/**
 * What storing the batch one by one, in chain order, does to the digests around each one inserted:
 * the digest that names it as its predecessor is whole again, or broken, by its content; and each
 * digest of the batch lends its predecessor (the first to lend, if several name it) the signature it
 * names, if that one has none yet. One statement, one update per digest touched (a row updated
 * twice by one statement keeps only one change). Returns whether a lent signature waits for a check.
 */
async function linkDigests(
  client: PoolClient,
  batch: readonly DigestToStore[],
  stored: Map<string, StoredDigest>,
  lends: readonly (string | null)[],
): Promise<boolean> {
  const inserted = [...stored].filter(([, s]) => s.inserted).map(([key]) => key);
  const lenders = batch.flatMap(({ digest }, i) =>
    lends[i] ? [{ previous: digest.previousDigestS3Object!, signature: lends[i] }] : [],
  );
  const { rows } = await client.query<{ signature_status: string }>(
    `WITH lenders AS (
       SELECT * FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS l(previous_key, signature, ord)
     ),
     touched AS (
       SELECT d.id,
         (SELECT p.content_sha256 FROM digest p WHERE p.key = d.previous_key AND p.key = ANY($1::text[])) AS predecessor_hash,
         (SELECT l.signature FROM lenders l WHERE l.previous_key = d.key ORDER BY l.ord LIMIT 1) AS lent
       FROM digest d WHERE d.previous_key = ANY($1::text[]) OR d.key = ANY($2::text[])
     )
     UPDATE digest t SET
       chain_broken = CASE WHEN u.predecessor_hash IS NULL THEN t.chain_broken
         ELSE t.previous_hash IS NOT NULL AND t.previous_hash <> u.predecessor_hash END,
       signature = CASE WHEN t.signature IS NULL AND u.lent IS NOT NULL THEN u.lent ELSE t.signature END,
       signature_status = CASE WHEN t.signature IS NULL AND u.lent IS NOT NULL THEN (CASE WHEN EXISTS (
           SELECT 1 FROM cloudtrail_public_key k WHERE k.fingerprint = t.public_key_fingerprint) THEN 'unchecked' ELSE 'no-key' END)
         ELSE t.signature_status END
     FROM touched u
     WHERE t.id = u.id AND (u.predecessor_hash IS NOT NULL OR (t.signature IS NULL AND u.lent IS NOT NULL))
     RETURNING t.signature_status`,
    [inserted, lenders.map((l) => l.previous), lenders.map((l) => l.signature)],
  );
  return rows.some((r) => r.signature_status === "unchecked");
}

function regionOfKey(key: string): string | null {
  const match = /\/CloudTrail-Digest\/([a-z0-9-]+)\//.exec(key);
  return match?.[1] ?? null;
}

/** A log file read whole, as the ingest hands it over. */
export interface LogFileRead {
  fileId: bigint;
  name: string;
  /** SHA-256 (hex) of its decompressed content. */
  contentSha256: string;
  events: number;
}

/**
 * Records log files read whole and matches them to the digests that name them: the result of
 * recording them one by one in the order of their file ids, in two round trips for any number of them
 * (three when a digest names one): the reads and then `named`, each committed; a transaction that
 * locks the digests' rows naming any of them; then their match, the digests' counters and the COMMIT.
 *
 * A row's match is the best of every file read (matchDigests, above, does the
 * same from the digests' side): content first, then name, then the file read first. Recording one
 * file at a time moved each row to the new file only when it ranked higher by that order, so
 * choosing the best once over all of them ends where one by one does. The values are in the SQL
 * text (escaped): a simple query may hold several statements, a query with parameters one.
 */
export async function recordLogFileReads(prisma: PrismaClient, files: readonly LogFileRead[]): Promise<void> {
  if (files.length === 0) return;
  const orNull = (value: string | undefined) => (value === undefined ? "NULL" : escapeLiteral(value));
  // A name PostgreSQL cannot hold (a NUL in an upload's file name) must not fail the others' statement.
  const baseOf = (file: LogFileRead) => toPostgresText(baseName(file.name));
  const values = files.map((file) => {
    const base = baseOf(file);
    const placed = parseLogFileName(base);
    return `(${file.fileId.toString()}, ${escapeLiteral(base)}, ${escapeLiteral(file.contentSha256)}, ${file.events | 0},
      ${orNull(placed?.account)}, ${orNull(placed?.region)}, ${orNull(placed?.deliveredAt.toISOString())}::timestamptz)`;
  });
  const ids = files.map((f) => f.fileId.toString()).join(", "); // bigints: safe in the SQL text
  const hashes = [...new Set(files.map((f) => escapeLiteral(f.contentSha256)))].join(", ");
  const names = [...new Set(files.map((f) => escapeLiteral(baseOf(f))))].join(", ");
  const client = await poolOf(prisma).connect();
  try {
    // The reads are committed before anything looks for digests: a digest stored meanwhile is then
    // either seen here or sees the reads when storeDigests matches it after its own commit.
    // Named by a digest (read files named by none are listed): only ever turns true, set here and
    // by storeDigests after its commit, so one of the two sees the other whatever the order. It is
    // committed at once: storeDigests sets `named` while it holds the digests' rows, so a
    // transaction holding these rows while it waits for those would deadlock with it.
    // Only the rows locked are changed: a digest stored meanwhile is matched by its own storeDigests.
    await rematch(
      client,
      `INSERT INTO log_file_read (file_id, base_name, content_sha256, events, account_id, region, delivered_at)
       VALUES ${values.join(", ")}
       ON CONFLICT (file_id) DO NOTHING;
       COMMIT;
       UPDATE log_file_read r SET named = true
       WHERE r.file_id IN (${ids}) AND NOT r.named
         AND (EXISTS (SELECT 1 FROM digest_log_file f WHERE f.hash_value = r.content_sha256)
           OR EXISTS (SELECT 1 FROM digest_log_file f WHERE f.base_name = r.base_name));
       COMMIT;
       BEGIN;
       SELECT f.digest_id::text, f.key, f.file_id::text, f.content_matches FROM digest_log_file f
       WHERE f.hash_value IN (${hashes}) OR f.base_name IN (${names})
       ORDER BY f.digest_id, f.key FOR UPDATE OF f`,
      (locked) => ({
        sql: `UPDATE digest_log_file f SET file_id = m.file_id, content_matches = m.matches
         FROM (
           SELECT f2.digest_id, f2.key, r.file_id, r.content_sha256 = f2.hash_value AS matches
           FROM unnest($1::bigint[], $2::text[]) AS k(digest_id, key)
           JOIN digest_log_file f2 ON f2.digest_id = k.digest_id AND f2.key = k.key
           ${BEST_READ_OF_F2}
         ) m
         WHERE f.digest_id = m.digest_id AND f.key = m.key
           AND (f.file_id IS DISTINCT FROM m.file_id OR f.content_matches IS DISTINCT FROM m.matches)
         RETURNING f.digest_id::text, f.key, f.file_id::text, f.content_matches`,
        params: [locked.map((r) => r.digest_id), locked.map((r) => r.key)],
      }),
    );
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
