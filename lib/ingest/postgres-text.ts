// Turning values into what PostgreSQL accepts. Record text is attacker-controlled and
// PostgreSQL refuses two things JSON allows: the NUL character (in text and jsonb) and
// unpaired UTF-16 surrogates (in jsonb). Both are replaced by U+FFFD — the only change
// CacheTrail makes to a stored record besides masking secrets (docs/architecture.md).

type CsvValue = string | number | bigint | boolean | null | undefined;

const NEEDS_SANITISING = /\\u0000|\\ud[89a-f]/i;

function sanitiseString(s: string): string {
  return s.replaceAll("\u0000", "\uFFFD").toWellFormed();
}

function sanitiseDeep(value: unknown): unknown {
  if (typeof value === "string") return sanitiseString(value);
  if (Array.isArray(value)) return value.map(sanitiseDeep);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[sanitiseString(k)] = sanitiseDeep(v);
    return out;
  }
  return value;
}

/** JSON text that PostgreSQL's jsonb input accepts. */
export function toPostgresJson(value: unknown): string {
  const json = JSON.stringify(value);
  return NEEDS_SANITISING.test(json) ? JSON.stringify(sanitiseDeep(value)) : json;
}

/** One line of COPY … (FORMAT csv): NULL is an unquoted empty field, strings are quoted. */
export function csvRow(values: CsvValue[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ",";
    const v = values[i];
    if (v === null || v === undefined) continue;
    if (typeof v === "boolean") line += v ? "t" : "f";
    else if (typeof v === "number" || typeof v === "bigint") line += String(v);
    else {
      const s = v.includes("\u0000") ? v.replaceAll("\u0000", "\uFFFD") : v;
      line += `"${s.replaceAll('"', '""')}"`;
    }
  }
  return line + "\n";
}
