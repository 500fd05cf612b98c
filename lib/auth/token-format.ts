import { createHash, randomBytes } from "node:crypto";

// API tokens and share-link keys: 256 random bits, stored only as SHA-256 (guessing 2^256 needs no
// slow hash; a stolen table reveals no usable token). Pure: unit tested.

export const API_TOKEN_PREFIX = "ct_";

export function newSecret(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}

export function secretHash(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** "30d", "12h", "90m" → milliseconds; null for anything else. */
export function parseDuration(text: string): number | null {
  const match = /^(\d{1,5})([dhm])$/.exec(text.trim());
  if (!match) return null;
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[match[2] as "d" | "h" | "m"];
  return Number(match[1]) * unit;
}

/** The bearer token of an Authorization header, or null. */
export function bearerToken(headers: Headers): string | null {
  const value = headers.get("authorization");
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return match ? match[1]! : null;
}
