// Verifies digest signatures that are waiting (SQL + node:crypto): a digest gets `valid` or
// `invalid` once its signature and a public key with its fingerprint are both known.

import type { PrismaClient } from "@/lib/generated/prisma/client";
import { poolOf } from "@/lib/db/create-client";
import { signingString } from "./digest-file";
import { verifySignature } from "./signature";
import type { DigestSignatureStatus } from "./schemas";

const BATCH = 2000;

/** Checks every digest marked `unchecked`; returns how many were checked. */
export async function verifyPendingSignatures(prisma: PrismaClient): Promise<number> {
  let checked = 0;
  for (;;) {
    const batch = await verifyBatch(prisma);
    checked += batch;
    if (batch < BATCH) return checked;
  }
}

/** One batch, in a transaction: rows another process is checking are skipped, never waited for. */
async function verifyBatch(prisma: PrismaClient): Promise<number> {
  const pool = await poolOf(prisma).connect();
  try {
    const result: unknown = await pool.query(
      `BEGIN; SELECT d.id::text, d.key, d.bucket, d.end_time_text, d.content_sha256, d.previous_signature, d.signature, k.value AS key_value
       FROM digest d LEFT JOIN cloudtrail_public_key k ON k.fingerprint = d.public_key_fingerprint
       WHERE d.signature_status = 'unchecked' ORDER BY d.id LIMIT ${BATCH} FOR UPDATE OF d SKIP LOCKED`,
    );
    const rows = (
      result as {
        rows: {
          id: string;
          key: string;
          bucket: string;
          end_time_text: string;
          content_sha256: string;
          previous_signature: string | null;
          signature: string | null;
          key_value: Buffer | null;
        }[];
      }[]
    )[1]!.rows;
    const ids: string[] = [];
    const statuses: DigestSignatureStatus[] = [];
    for (const row of rows) {
      let status: DigestSignatureStatus;
      if (!row.signature) status = "no-signature";
      else if (!row.key_value) status = "no-key";
      else {
        const signed = signingString(
          {
            digestEndTime: row.end_time_text,
            digestS3Bucket: row.bucket,
            digestS3Object: row.key,
            previousDigestSignature: row.previous_signature,
          },
          row.content_sha256,
        );
        status = verifySignature(signed, row.signature, row.key_value) ? "valid" : "invalid";
      }
      ids.push(row.id);
      statuses.push(status);
    }
    // Ids as read back and statuses of the schema's list: safe in the SQL text. The COMMIT goes with it.
    const values = ids.map((id, i) => `(${BigInt(id).toString()}::bigint, '${statuses[i]}')`).join(", ");
    await pool.query(
      ids.length === 0
        ? "COMMIT"
        : `UPDATE digest d SET signature_status = u.status FROM (VALUES ${values}) AS u(id, status) WHERE d.id = u.id; COMMIT`,
    );
    return rows.length;
  } catch (error) {
    await pool.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    pool.release();
  }
}

/** After keys are loaded: digests that waited for a key, or were checked with a key now replaced, are checked again. */
export async function recheckSignatures(prisma: PrismaClient, fingerprints: readonly string[]): Promise<number> {
  await poolOf(prisma).query(
    `UPDATE digest SET signature_status = 'unchecked'
     WHERE signature_status = 'no-key' OR (public_key_fingerprint = ANY($1::text[]) AND signature_status IN ('valid', 'invalid'))`,
    [fingerprints],
  );
  return verifyPendingSignatures(prisma);
}
