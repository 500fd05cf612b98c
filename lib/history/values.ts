// Small, defensive readers for CloudTrail JSON: requestParameters and responseElements are
// untyped and vary between API versions, so every read checks the shape it gets.

export type Json = Record<string, unknown>;

export function asRecord(v: unknown): Json | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

export function asArray(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

export function asString(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

export function asNumber(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  // Query-protocol values occasionally arrive as strings ("3").
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function asBoolean(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (v === "true") return true;
  if (v === "false") return false;
  return undefined;
}

/** Strings of a list, sorted, for lists whose order carries no meaning (ids of groups, members). */
export function sortedStrings(v: unknown): string[] | undefined {
  const list = asArray(v);
  if (!list) return undefined;
  return list.filter((x): x is string => typeof x === "string").sort();
}

/** Strings picked from a list of objects (`[{securityGroupId, status}]` → ids), sorted. */
export function pluckSorted(v: unknown, key: string): string[] | undefined {
  const list = asArray(v);
  if (!list) return undefined;
  const out: string[] = [];
  for (const item of list) {
    const s = asString(asRecord(item)?.[key]);
    if (s !== undefined) out.push(s);
  }
  return out.sort();
}

/** Request booleans (automaticFailoverEnabled: true) in the vocabulary responses use ("enabled"). */
export function enabledWord(v: unknown): "enabled" | "disabled" | undefined {
  const b = asBoolean(v);
  return b === undefined ? undefined : b ? "enabled" : "disabled";
}

/** ElastiCache lower-cases most identifiers, so requests and responses may differ in case. */
export function sameId(a: unknown, b: string): boolean {
  return typeof a === "string" && a.toLowerCase() === b.toLowerCase();
}

/** Structural equality for JSON-like values. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  const ka = Object.keys(a as Json).filter((k) => (a as Json)[k] !== undefined);
  const kb = Object.keys(b as Json).filter((k) => (b as Json)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Json)[k], (b as Json)[k]));
}

export function has(obj: Json, key: string): boolean {
  return Object.hasOwn(obj, key) && obj[key] !== undefined;
}

/** A list after an operation's add and remove parameters (ids to add, ids to remove), sorted. */
export function applyListDelta(base: readonly string[], add: unknown, remove: unknown): string[] {
  const set = new Set(base);
  for (const id of sortedStrings(add) ?? []) set.add(id);
  for (const id of sortedStrings(remove) ?? []) set.delete(id);
  return [...set].sort();
}
