// CloudTrail public keys: loaded from a file (`npm run keys -- import FILE`) and kept by fingerprint.

import type { PrismaClient } from "@/lib/generated/prisma/client";
import { poolOf } from "@/lib/db/create-client";
import type { PublicKeyEntry } from "./signature";
import { recheckSignatures } from "./verify";

/** Stores the keys (a fingerprint seen again is replaced) and checks the digests that waited for them. */
export async function importPublicKeys(
  prisma: PrismaClient,
  keys: readonly PublicKeyEntry[],
): Promise<{ imported: number; digestsChecked: number }> {
  const pool = poolOf(prisma);
  for (const key of keys) {
    await pool.query(
      `INSERT INTO cloudtrail_public_key (fingerprint, value, valid_from, valid_to) VALUES ($1, $2, $3, $4)
       ON CONFLICT (fingerprint) DO UPDATE SET value = EXCLUDED.value, valid_from = EXCLUDED.valid_from,
         valid_to = EXCLUDED.valid_to, imported_at = now()`,
      [key.fingerprint, key.der, key.validFrom, key.validTo],
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
