import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { accessKeysSchema, type AccessKeys } from "./schemas";

// Access keys entered for an S3 source are stored sealed with AES-256-GCM (authenticated: a
// tampered or swapped value fails to open rather than decrypting to garbage). The 256-bit key is
// derived with HKDF-SHA256 from CACHETRAIL_SECRET_KEY, so the database alone never yields the
// keys; a source's id is bound in as associated data, so a sealed value copied onto another
// source does not open there either.

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretKeyMissingError extends Error {
  constructor() {
    super(
      "Access keys cannot be stored: CACHETRAIL_SECRET_KEY is not set on the server. Set it to a long random " +
        "value (for example the output of `openssl rand -base64 32`) and restart, or use the default credential " +
        "chain (environment variables, shared profile, container or instance role).",
    );
    this.name = "SecretKeyMissingError";
  }
}

export class SealedCredentialsError extends Error {
  constructor(reason: string) {
    super(
      `The stored access keys cannot be opened: ${reason}. Enter the access keys again (or set CACHETRAIL_SECRET_KEY ` +
        "back to the value they were stored with).",
    );
    this.name = "SealedCredentialsError";
  }
}

function deriveKey(secretKey: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secretKey, "cachetrail", "s3-source-credentials", 32));
}

export function sealCredentials(secretKey: string | undefined, keys: AccessKeys, sourceId: bigint): string {
  if (!secretKey) throw new SecretKeyMissingError();
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(secretKey), iv);
  cipher.setAAD(Buffer.from(`source:${sourceId}`));
  const body = Buffer.concat([cipher.update(JSON.stringify(keys), "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

export function openCredentials(secretKey: string | undefined, sealed: string, sourceId: bigint): AccessKeys {
  if (!secretKey) throw new SealedCredentialsError("CACHETRAIL_SECRET_KEY is not set on the server");
  const [version, payload] = sealed.split(".");
  if (version !== VERSION || !payload) throw new SealedCredentialsError("they were sealed in an unknown format");
  const bytes = Buffer.from(payload, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", deriveKey(secretKey), bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(`source:${sourceId}`));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  let text: string;
  try {
    text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new SealedCredentialsError("CACHETRAIL_SECRET_KEY is not the one they were stored with");
  }
  return accessKeysSchema.parse(JSON.parse(text));
}

/** "AKIA…WXYZ": enough to tell keys apart, never enough to use one. */
export function accessKeyHint(accessKeyId: string): string {
  return `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}
