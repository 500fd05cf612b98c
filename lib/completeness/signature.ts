// Digest signatures, pure: SHA256withRSA (RSASSA-PKCS1-v1_5 with SHA-256) over the signing string,
// checked with a CloudTrail public key. Keys come as `aws cloudtrail list-public-keys` prints them
// (DER PKCS #1 RSAPublicKey, base64) or as PEM.

import { createHash, createPublicKey, verify, type KeyObject } from "node:crypto";
import { z } from "zod";

export interface PublicKeyEntry {
  fingerprint: string;
  /** DER, PKCS #1 RSAPublicKey, as ListPublicKeys returns it. */
  der: Buffer;
  validFrom: Date | null;
  validTo: Date | null;
}

const listPublicKeysSchema = z.object({
  PublicKeyList: z.array(
    z.object({
      Value: z.string().min(1),
      Fingerprint: z.string().regex(/^[0-9a-fA-F]+$/),
      ValidityStartTime: z.union([z.string(), z.number()]).nullish(),
      ValidityEndTime: z.union([z.string(), z.number()]).nullish(),
    }),
  ),
});

function time(value: string | number | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const date = typeof value === "number" ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The fingerprint used for a key that comes without one (PEM): MD5 of its DER, in hex. */
export function fingerprintOf(der: Buffer): string {
  return createHash("md5").update(der).digest("hex");
}

/** Keys from a file's text: ListPublicKeys JSON, or one or more PEM public keys. Throws with a reason. */
export function parsePublicKeys(text: string): PublicKeyEntry[] {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    const parsed = listPublicKeysSchema.safeParse(JSON.parse(trimmed));
    if (!parsed.success) throw new Error('expected the output of "aws cloudtrail list-public-keys" (PublicKeyList)');
    return parsed.data.PublicKeyList.map((k) => {
      const der = Buffer.from(k.Value, "base64");
      rsaKey(der); // refuses what is not a key
      return {
        fingerprint: k.Fingerprint.toLowerCase(),
        der,
        validFrom: time(k.ValidityStartTime),
        validTo: time(k.ValidityEndTime),
      };
    });
  }
  const pems = trimmed.match(/-----BEGIN (RSA )?PUBLIC KEY-----[\s\S]+?-----END (RSA )?PUBLIC KEY-----/g);
  if (!pems) throw new Error("no public key found: expected ListPublicKeys JSON or PEM");
  return pems.map((pem) => {
    const der = createPublicKey(pem).export({ format: "der", type: "pkcs1" });
    return { fingerprint: fingerprintOf(der), der, validFrom: null, validTo: null };
  });
}

function rsaKey(der: Buffer): KeyObject {
  const key = createPublicKey({ key: der, format: "der", type: "pkcs1" });
  if (key.asymmetricKeyType !== "rsa") throw new Error("not an RSA public key");
  return key;
}

/** Whether `signatureHex` is a valid SHA256withRSA signature of `signed` by the key. */
export function verifySignature(signed: string, signatureHex: string, der: Buffer): boolean {
  if (!/^[0-9a-fA-F]+$/.test(signatureHex) || signatureHex.length % 2 !== 0) return false;
  try {
    return verify("sha256", Buffer.from(signed, "utf8"), rsaKey(der), Buffer.from(signatureHex, "hex"));
  } catch {
    return false;
  }
}
