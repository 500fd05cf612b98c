// CloudTrail's public keys for an S3 source with credentials (SDK + SQL): after a sync, the
// regions and period of the source's digests still waiting for a key are asked of CloudTrail's
// ListPublicKeys with the source's own credentials, and the keys are stored like imported ones.
// A refusal never fails the sync: the digests stay unverified and the reason is kept for the page.

import http from "node:http";
import https from "node:https";
import { CloudTrailClient, ListPublicKeysCommand } from "@aws-sdk/client-cloudtrail";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { poolOf } from "@/lib/db/create-client";
import { logger } from "@/lib/log/logger";
import { credentialsFor, type ConnectionSettings } from "@/lib/sources/s3-client";
import { importPublicKeys } from "./keys";
import { fingerprintOf, type PublicKeyEntry } from "./signature";

export interface KeyFetchSource {
  id: bigint;
  name: string;
  connection: ConnectionSettings;
}

export interface KeyFetchOptions {
  /**
   * CloudTrail's endpoint (CACHETRAIL_CLOUDTRAIL_ENDPOINT): a VPC endpoint, or the tests' loopback
   * double. Without it, a source with its own S3 endpoint (an S3-compatible store) is not asked.
   */
  endpoint?: string | null;
}

export type KeyFetchResult =
  { kind: "fetched"; keys: number } | { kind: "nothing-waiting" } | { kind: "refused"; error: string };

/** The regions and period of this source's digests that wait for a public key. */
async function waitingRanges(prisma: PrismaClient, bucket: string) {
  const { rows } = await poolOf(prisma).query<{ region: string; first: Date; last: Date }>(
    `SELECT region, min(start_time) AS first, max(end_time) AS last FROM digest
     WHERE bucket = $1 AND signature_status = 'no-key' AND region <> '' GROUP BY region ORDER BY region`,
    [bucket],
  );
  return rows;
}

async function record(prisma: PrismaClient, sourceId: bigint, keys: number, error: string | null): Promise<void> {
  await poolOf(prisma).query(
    `INSERT INTO public_key_fetch (source_id, attempted_at, keys, error) VALUES ($1, now(), $2, $3)
     ON CONFLICT (source_id) DO UPDATE SET attempted_at = now(), keys = EXCLUDED.keys, error = EXCLUDED.error`,
    [sourceId.toString(), keys, error],
  );
}

function clientFor(source: KeyFetchSource, region: string, endpoint: string | null): CloudTrailClient {
  return new CloudTrailClient({
    region,
    ...(endpoint ? { endpoint } : {}),
    credentials: credentialsFor(source.connection),
    maxAttempts: 2,
    requestHandler: {
      connectionTimeout: 5_000,
      requestTimeout: 30_000,
      httpAgent: new http.Agent({ keepAlive: false }),
      httpsAgent: new https.Agent({ keepAlive: false }),
    },
  });
}

/** Every key ListPublicKeys gives for the period, following NextToken. */
export async function listPublicKeys(client: CloudTrailClient, start: Date, end: Date): Promise<PublicKeyEntry[]> {
  const keys: PublicKeyEntry[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListPublicKeysCommand({ StartTime: start, EndTime: end, NextToken: token }));
    for (const k of page.PublicKeyList ?? []) {
      if (!k.Value) continue;
      const der = Buffer.from(k.Value);
      keys.push({
        fingerprint: (k.Fingerprint ?? fingerprintOf(der)).toLowerCase(),
        der,
        validFrom: k.ValidityStartTime ?? null,
        validTo: k.ValidityEndTime ?? null,
      });
    }
    token = page.NextToken;
  } while (token);
  return keys;
}

/** Fetches and stores the keys the source's waiting digests need; records the attempt either way. */
export async function fetchPublicKeysForSource(
  prisma: PrismaClient,
  source: KeyFetchSource,
  options: KeyFetchOptions = {},
): Promise<KeyFetchResult> {
  const ranges = await waitingRanges(prisma, source.connection.bucket);
  if (ranges.length === 0) return { kind: "nothing-waiting" };
  const endpoint = options.endpoint ?? null;
  if (source.connection.endpoint && !endpoint) {
    const error =
      "Not asked: the source reads an S3-compatible endpoint, which has no CloudTrail; set " +
      "CACHETRAIL_CLOUDTRAIL_ENDPOINT or load the keys on the Sources page.";
    await record(prisma, source.id, 0, error);
    return { kind: "refused", error };
  }
  const keys: PublicKeyEntry[] = [];
  try {
    for (const range of ranges) {
      const client = clientFor(source, range.region, endpoint);
      try {
        keys.push(...(await listPublicKeys(client, range.first, range.last)));
      } finally {
        client.destroy();
      }
    }
  } catch (error) {
    const name = (error as { name?: string }).name;
    const message = `CloudTrail refused ListPublicKeys${name && name !== "Error" ? ` (${name})` : ""}: ${(error as Error).message}`;
    logger.warn({ err: error, source: source.name }, "Could not fetch CloudTrail's public keys");
    await record(prisma, source.id, 0, message);
    return { kind: "refused", error: message };
  }
  // A key can come back for several regions' periods: stored once.
  const unique = [...new Map(keys.map((k) => [k.fingerprint, k])).values()];
  await importPublicKeys(prisma, unique, { origin: "aws", loadedBy: source.name });
  await record(prisma, source.id, unique.length, null);
  return { kind: "fetched", keys: unique.length };
}

/** As fetchPublicKeysForSource, never throwing: what a sync calls once its run is closed. */
export async function fetchPublicKeysAfterSync(
  prisma: PrismaClient,
  source: KeyFetchSource,
  options: KeyFetchOptions = {},
): Promise<void> {
  try {
    await fetchPublicKeysForSource(prisma, source, options);
  } catch (error) {
    logger.error({ err: error, source: source.name }, "Fetching CloudTrail's public keys failed");
  }
}
