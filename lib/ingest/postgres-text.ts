// Turning values into what PostgreSQL accepts. Record text is attacker-controlled and
// PostgreSQL refuses two things JSON allows: the NUL character (in text and jsonb) and
// unpaired UTF-16 surrogates (in jsonb). Both are replaced by U+FFFD — the only change
// CacheTrail makes to a stored record besides masking secrets (docs/architecture.md).

const NEEDS_SANITISING = /\\u0000|\\ud[89a-f]/i;

/** Text that PostgreSQL accepts (file names and messages quote attacker-controlled bytes too). */
export function toPostgresText(s: string): string {
  // Most text needs nothing: checking is cheaper than rebuilding every string.
  if (!s.includes("\u0000") && s.isWellFormed()) return s;
  return s.replaceAll("\u0000", "\uFFFD").toWellFormed();
}

function sanitiseDeep(value: unknown): unknown {
  if (typeof value === "string") return toPostgresText(value);
  if (Array.isArray(value)) return value.map(sanitiseDeep);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[toPostgresText(k)] = sanitiseDeep(v);
    return out;
  }
  return value;
}

/** JSON text that PostgreSQL's jsonb input accepts. */
export function toPostgresJson(value: unknown): string {
  const json = JSON.stringify(value);
  return NEEDS_SANITISING.test(json) ? JSON.stringify(sanitiseDeep(value)) : json;
}
