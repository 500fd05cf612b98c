// Secrets a caller sent (Redis AUTH tokens, user passwords) may be in the request that CloudTrail
// recorded — AWS does not say whether it masks them. One rule says which keys hold a secret
// (isSecretKey), and it is applied in two places (docs/architecture.md, "Secrets"):
// - at ingest, maskSecrets replaces the value of every secret-named key, anywhere in the record,
//   so neither the database nor its backups ever hold one. The key is kept, so the UI can still
//   say "auth token rotated".
// - what leaves the stored record — exports, and the values a history keeps — goes through
//   withoutSecretFields, which drops secret-named keys, masked or not. A record stored before
//   masking existed, or before the rule learnt a new name, is then still safe there.
// Pure: no I/O.

import { setOwn, type JsonObject } from "./json";

export const MASKED = "***MASKED***";

/** CloudTrail's own placeholder: already safe, and telling the user CloudTrail hid it is more accurate. */
const HIDDEN_BY_CLOUDTRAIL = "HIDDEN_DUE_TO_SECURITY_REASONS";

// A key holds a secret when it ends in a secret's name: authToken, newAuthToken, AUTH_TOKEN,
// passwords, masterUserPassword, clientSecret, credentials, password2. Keys that describe a
// secret without being one end in another word — authTokenEnabled, authTokenStatus,
// authTokenUpdateStrategy, passwordCount, noPasswordRequired, secretArn — and are what the UI
// shows; so does nextToken, a page marker. Separators (_, -, digits) between and after the
// words do not matter. A key that is "token" and nothing else is a secret too.
const SECRET_NAMES = [
  "password",
  "passwords",
  "passwd",
  "secret",
  "secrets",
  "secret key",
  "secret access key",
  "credential",
  "credentials",
  "auth token",
  "session token",
  "access token",
  "refresh token",
  "private key",
  "api key",
];
const SEPARATORS = "[^a-z]*";
const SECRET_KEY = new RegExp(
  `(?:${SECRET_NAMES.map((name) => name.split(" ").join(SEPARATORS)).join("|")})${SEPARATORS}$` +
    `|^${SEPARATORS}token${SEPARATORS}$`,
  "i",
);

/**
 * Nesting beyond this is not a real CloudTrail record; rather than recurse until the stack
 * overflows, the whole deeper branch is masked or dropped (losing data beats leaking a secret).
 */
const MAX_DEPTH = 64;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * The record with the value of every secret-named key, at any depth, replaced by MASKED.
 * Copy-on-write: when nothing needs masking — almost every record — the same object comes back
 * without any copying; otherwise the objects on the path to each masked value are copied and
 * untouched branches are shared. The input is never modified.
 */
export function maskSecrets<T extends JsonObject>(record: T): T {
  return maskObject(record, 0) as T;
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

/** A deep copy without any secret-named key, masked or not: for what leaves the stored record. */
export function withoutSecretFields(value: unknown, depth = 0): unknown {
  if (typeof value !== "object" || value === null) return value;
  // Deeper than any real record: drop the branch rather than walk it unchecked.
  if (depth > MAX_DEPTH) return null;
  if (Array.isArray(value)) return value.map((v) => withoutSecretFields(v, depth + 1));
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    if (!isSecretKey(key)) setOwn(out, key, withoutSecretFields(v, depth + 1));
  }
  return out;
}
