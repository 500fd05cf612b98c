// Secrets (AUTH tokens, user passwords) can sit in requestParameters; no AWS document says
// CloudTrail masks them, and some records carry "***MASKED***" instead. Either way the history
// only ever says that a secret changed, never what it is.
import { asRecord } from "./values";

// Names that contain a secret-looking word but only describe one (flags, statuses, counts).
const DESCRIBES_A_SECRET = new Set([
  "authtokenenabled",
  "authtokenstatus",
  "authtokenlastmodifieddate",
  "authtokenupdatestrategy",
  "passwordcount",
  "nopasswordrequired",
]);

const SECRET_WORD = /(password|passwd|secret|token|credential|privatekey|apikey)/i;

export function isSecretKey(key: string): boolean {
  const plain = key.toLowerCase().replace(/[^a-z]/g, "");
  if (DESCRIBES_A_SECRET.has(plain)) return false;
  return SECRET_WORD.test(plain);
}

/** Deep copy without any secret-named member, so a stored value can never carry one. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  const obj = asRecord(value);
  if (!obj) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (!isSecretKey(k)) out[k] = redact(v);
  }
  return out;
}
