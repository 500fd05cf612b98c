// Secrets a caller sent (Redis AUTH tokens, user passwords) may be in the request that CloudTrail
// recorded — AWS does not say whether it masks them. We mask at ingest so that neither the
// database nor any export ever holds them. The key is kept, so the UI can still say "auth token
// rotated"; only the value goes.

import { setOwn, type JsonObject } from "./json";

export const MASKED = "***MASKED***";

/** CloudTrail's own placeholder: already safe, and telling the user CloudTrail hid it is more accurate. */
const HIDDEN_BY_CLOUDTRAIL = "HIDDEN_DUE_TO_SECURITY_REASONS";

// Whole-key suffix match: catches authToken, newAuthToken, passwords, masterUserPassword,
// clientSecret… but not authTokenEnabled, authTokenUpdateStrategy, passwordCount or
// noPasswordRequired, which describe a secret without being one and are what the UI shows.
const SECRET_KEY =
  /(?:password|passwords|passwd|secret|secret_?key|secret_?access_?key|auth_?token|session_?token|private_?key|api_?key|access_?token|refresh_?token)$/i;

/** The parts of a record that hold caller- or service-supplied data. */
const SECRET_BEARING_FIELDS = ["requestParameters", "responseElements", "additionalEventData", "serviceEventDetails"];

/**
 * Nesting beyond this is not a real CloudTrail record; rather than recurse until the stack
 * overflows, the whole deeper branch is masked (losing data beats leaking a secret).
 */
const MAX_DEPTH = 64;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * The record with every secret value replaced by MASKED. Copy-on-write: when nothing needs
 * masking — almost every record — the same object comes back without any copying; otherwise
 * the objects on the path to each masked value are copied and untouched branches are shared.
 * The input is never modified.
 */
export function maskSecrets<T extends JsonObject>(record: T): T {
  let result: JsonObject | undefined;
  for (const field of SECRET_BEARING_FIELDS) {
    if (!Object.hasOwn(record, field)) continue;
    const value = record[field];
    const masked = maskValue(value, 1);
    if (masked !== value) {
      result ??= { ...record };
      setOwn(result, field, masked);
    }
  }
  return (result ?? record) as T;
}

function maskValue(value: unknown, depth: number): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (depth > MAX_DEPTH) return MASKED;
  if (Array.isArray(value)) return maskArray(value, depth);
  return maskObject(value as JsonObject, depth);
}

function maskArray(array: unknown[], depth: number): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < array.length; i++) {
    const item = array[i];
    const masked = maskValue(item, depth + 1);
    if (masked !== item) {
      copy ??= array.slice();
      copy[i] = masked;
    }
  }
  return copy ?? array;
}

function maskObject(obj: JsonObject, depth: number): JsonObject {
  let copy: JsonObject | undefined;
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    const masked = isSecretKey(key) ? maskSecret(value) : maskValue(value, depth + 1);
    if (masked !== value) {
      // Spread defines own properties, so a "__proto__" key is copied as data, not as a prototype.
      copy ??= { ...obj };
      setOwn(copy, key, masked);
    }
  }
  return copy ?? obj;
}

/** The value stored for a secret-named key: MASKED unless there is nothing secret in it. */
function maskSecret(value: unknown): unknown {
  if (value === null || value === undefined || value === "" || typeof value === "boolean") return value;
  if (value === HIDDEN_BY_CLOUDTRAIL) return value;
  if (Array.isArray(value) && value.every((v) => v === HIDDEN_BY_CLOUDTRAIL)) return value;
  return MASKED;
}
