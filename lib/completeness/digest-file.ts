// A CloudTrail digest file, pure: its fields (docs/completeness.md, "What AWS documents"), where
// its key puts it, and the string CloudTrail signs. No SQL, no HTTP.

import { z } from "zod";

const text = z.string().min(1);
/** Fields CloudTrail writes as null in the first digest of a chain. */
const maybe = z.string().nullish();

export const digestLogFileSchema = z.object({
  s3Bucket: text,
  s3Object: text,
  hashValue: z.string().regex(/^[0-9a-fA-F]{64}$/, "a hex SHA-256"),
  hashAlgorithm: z.string().default("SHA-256"),
  newestEventTime: maybe,
  oldestEventTime: maybe,
});

export const digestFileSchema = z.object({
  awsAccountId: z.string().regex(/^\d{12}$/, "a 12-digit account id"),
  digestStartTime: z.iso.datetime(),
  digestEndTime: z.iso.datetime(),
  digestS3Bucket: text,
  digestS3Object: text,
  digestPublicKeyFingerprint: maybe,
  digestSignatureAlgorithm: maybe,
  newestEventTime: maybe,
  oldestEventTime: maybe,
  previousDigestS3Bucket: maybe,
  previousDigestS3Object: maybe,
  previousDigestHashValue: maybe,
  previousDigestHashAlgorithm: maybe,
  previousDigestSignature: maybe,
  logFiles: z.array(digestLogFileSchema),
});
export type DigestFile = z.infer<typeof digestFileSchema>;

/** What a digest's key says: `<account>_CloudTrail-Digest_<region>_<trail>_<region>_<YYYYMMDDTHHmmssZ>[_backfill].json.gz`. */
export interface DigestKeyParts {
  region: string;
  trail: string;
  backfill: boolean;
}

const DIGEST_NAME =
  /^(\d{12})_CloudTrail-Digest_([a-z0-9-]+)_(.+)_([a-z0-9-]+)_(\d{8}T\d{6}Z)(_backfill)?\.json(\.gz)?$/;

export function parseDigestKey(key: string): DigestKeyParts | null {
  const match = DIGEST_NAME.exec(baseName(key));
  if (!match || match[2] !== match[4]) return null;
  return { region: match[2]!, trail: match[3]!, backfill: match[6] !== undefined };
}

/** The last path segment: how a read file and a key named in a digest are matched by name. */
export function baseName(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

/** `<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<random>.json.gz` → where and when it was delivered. */
export function parseLogFileName(name: string): { account: string; region: string; deliveredAt: Date } | null {
  const match = /^(\d{12})_CloudTrail_([a-z0-9-]+)_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[^_]+\.json(\.gz)?$/.exec(
    baseName(name),
  );
  if (!match) return null;
  const [, account, region, y, mo, d, h, mi] = match;
  const deliveredAt = new Date(`${y}-${mo}-${d}T${h}:${mi}:00Z`);
  if (Number.isNaN(deliveredAt.getTime())) return null;
  return { account: account!, region: region!, deliveredAt };
}

/**
 * The string CloudTrail signs (SHA256withRSA), as AWS documents it and the AWS CLI builds it:
 * digestEndTime as written, "\n", bucket/key of the digest, "\n", hex SHA-256 of the digest's
 * uncompressed content, "\n", the previous digest's hex signature, or "null" in the first digest.
 */
export function signingString(
  digest: Pick<DigestFile, "digestEndTime" | "digestS3Bucket" | "digestS3Object" | "previousDigestSignature">,
  contentSha256: string,
): string {
  return [
    digest.digestEndTime,
    `${digest.digestS3Bucket}/${digest.digestS3Object}`,
    contentSha256,
    digest.previousDigestSignature ?? "null",
  ].join("\n");
}
