// CloudTrail public keys: loaded from a file (`npm run keys -- import FILE`, the Sources page) or
// fetched with ListPublicKeys for S3 sources (aws-keys.ts), and kept by fingerprint.

import type { PrismaClient } from "@/lib/generated/prisma/client";
import { poolOf } from "@/lib/db/create-client";
import type { KeyOrigin, LoadedKey } from "./schemas";
import type { PublicKeyEntry } from "./signature";
import { recheckSignatures } from "./verify";

/** Stores the keys (a fingerprint seen again is replaced) and checks the digests that waited for them. */
export async function importPublicKeys(
  prisma: PrismaClient,
  keys: readonly PublicKeyEntry[],
  by: { origin: KeyOrigin; loadedBy?: string | null } = { origin: "cli" },
): Promise<{ imported: number; digestsChecked: number }> {
  const pool = poolOf(prisma);
  for (const key of keys) {
    await pool.query(
      `INSERT INTO cloudtrail_public_key (fingerprint, value, valid_from, valid_to, origin, loaded_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (fingerprint) DO UPDATE SET value = EXCLUDED.value, valid_from = EXCLUDED.valid_from,
         valid_to = EXCLUDED.valid_to, imported_at = now(), origin = EXCLUDED.origin, loaded_by = EXCLUDED.loaded_by`,
      [key.fingerprint, key.der, key.validFrom, key.validTo, by.origin, by.loadedBy ?? null],
    );
  }
  return {
    imported: keys.length,
    digestsChecked: await recheckSignatures(
      prisma,
      keys.map((k) => k.fingerprint),
    ),
  };
}

/** The keys loaded, newest first, with how many digests each verified; and the last ListPublicKeys of each source. */
export async function listLoadedKeys(prisma: PrismaClient): Promise<{
  keys: LoadedKey[];
  fetches: { source: string; attemptedAt: string; keys: number; error: string | null }[];
}> {
  const pool = poolOf(prisma);
  const [keys, fetches] = await Promise.all([
    pool.query<{
      fingerprint: string;
      valid_from: Date | null;
      valid_to: Date | null;
      origin: KeyOrigin;
      loaded_by: string | null;
      imported_at: Date;
      digests: number;
    }>(
      `SELECT k.fingerprint, k.valid_from, k.valid_to, k.origin, k.loaded_by, k.imported_at,
         (SELECT count(*)::int FROM digest d WHERE d.public_key_fingerprint = k.fingerprint AND d.signature_status = 'valid') AS digests
       FROM cloudtrail_public_key k ORDER BY k.imported_at DESC, k.fingerprint LIMIT 200`,
    ),
    pool.query<{ name: string; attempted_at: Date; keys: number; error: string | null }>(
      `SELECT s.name, f.attempted_at, f.keys, f.error FROM public_key_fetch f JOIN source s ON s.id = f.source_id
       ORDER BY f.attempted_at DESC LIMIT 50`,
    ),
  ]);
  return {
    keys: keys.rows.map((r) => ({
      fingerprint: r.fingerprint,
      validFrom: r.valid_from?.toISOString() ?? null,
      validTo: r.valid_to?.toISOString() ?? null,
      origin: r.origin,
      loadedBy: r.loaded_by,
      loadedAt: r.imported_at.toISOString(),
      digestsVerified: r.digests,
    })),
    fetches: fetches.rows.map((r) => ({
      source: r.name,
      attemptedAt: r.attempted_at.toISOString(),
      keys: r.keys,
      error: r.error,
    })),
  };
}
