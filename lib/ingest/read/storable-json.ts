// What JSON allows but the database (or our own recursive code) refuses, found before a record
// joins a batch so it is rejected alone with a reason instead of failing the batch.
//
// - Numbers: jsonb stores them as PostgreSQL `numeric`, which refuses a value whose most
//   significant digit lies past 10^131071 ("1e131072") or that has more than 16,383 digits after
//   the decimal point ("1e-16384"): "value overflows numeric format". JSON.parse reads both
//   (as Infinity and 0), so only the text can tell.
// - Nesting: the scanner marks records deeper than MAX_RECORD_DEPTH; a lookup-events
//   CloudTrailEvent string is measured here before it is parsed. JSON.stringify throws past a
//   few thousand levels, and jsonb's parser has a stack limit of its own.
// Pure: no I/O.

/** The deepest a record may nest (the enclosing {"Records":[ counts). */
export const MAX_RECORD_DEPTH = 1000;

/** PostgreSQL numeric: the most significant digit's power of ten, and the digits after the point. */
const NUMERIC_MAX_WEIGHT = 131071;
const NUMERIC_MAX_SCALE = 16383;
/** numeric_in refuses an exponent beyond INT_MAX / 2 as a syntax error. */
const NUMERIC_MAX_EXPONENT = 1073741823;

/**
 * Only a number with a 5-digit exponent or a run of thousands of digits can be out of range:
 * a cheap test over the text, true for every record that needs the exact scan (strings that
 * merely look like that cost a scan, never a wrong answer).
 */
const MAY_OVERFLOW = /[eE][+-]?\d{5}|\d{6000}/;
const NUMBER = /-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?/y;

/** Whether PostgreSQL's numeric accepts this JSON number token. */
export function isStorableNumber(token: string): boolean {
  NUMBER.lastIndex = 0;
  const m = NUMBER.exec(token);
  if (!m || m[0].length !== token.length) return false;
  const int = m[1]!;
  const frac = m[2] ?? "";
  const expText = m[3] ?? "0";
  if (expText.replace(/^[+-]?0*/, "").length > 10) return false;
  const exponent = Number(expText);
  if (Math.abs(exponent) > NUMERIC_MAX_EXPONENT) return false;
  if (Math.max(0, frac.length - exponent) > NUMERIC_MAX_SCALE) return false;
  const firstInt = int.search(/[1-9]/);
  let weight: number;
  if (firstInt !== -1) weight = int.length - 1 - firstInt;
  else {
    const firstFrac = frac.search(/[1-9]/);
    if (firstFrac === -1) return true; // zero: any weight
    weight = -(firstFrac + 1);
  }
  return weight + exponent <= NUMERIC_MAX_WEIGHT;
}

/** The first number of a JSON text that PostgreSQL cannot store, with its index, or undefined. */
export function findUnstorableNumber(text: string): { index: number; token: string } | undefined {
  if (!MAY_OVERFLOW.test(text)) return undefined;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < n; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
      continue;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) continue;
      if (!isStorableNumber(m[0])) return { index: i, token: m[0] };
      i += m[0].length - 1;
    }
  }
  return undefined;
}

/** Whether a JSON text nests deeper than `limit` (strings skipped). Linear, no recursion. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < n; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** A number quoted in a reason: long ones cut. */
export function quoteNumber(token: string): string {
  return token.length > 40 ? `${token.slice(0, 20)}…${token.slice(-12)} (${token.length} characters)` : token;
}
