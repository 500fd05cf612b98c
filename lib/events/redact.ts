import { isSecretKey } from "@/lib/cloudtrail/secrets";

// Exports leave the dashboard for spreadsheets, tickets and other people's laptops. Secrets
// are already masked at ingest; as a second line, exported records carry no field whose
// name says it is a secret (authToken, passwords, …), masked or not.

const MAX_DEPTH = 64;

export function withoutSecretFields(value: unknown, depth = 0): unknown {
  if (typeof value !== "object" || value === null) return value;
  // Deeper than any real record: drop the branch rather than walk it unchecked.
  if (depth > MAX_DEPTH) return null;
  if (Array.isArray(value)) return value.map((v) => withoutSecretFields(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (isSecretKey(key)) continue;
    // defineProperty: a "__proto__" key in a record stays data, not a prototype.
    Object.defineProperty(out, key, {
      value: withoutSecretFields(v, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
