// JSON.parse for one record's bytes, with a failure worded for people and placed in the file.
// V8's messages sometimes lack the position and quote the whole input, so when parsing fails a
// small validator finds the first error itself (only on that rare path).

import { formatCount } from "@/lib/format/numbers";
import { renderBytes } from "./read-error";

export type ParseOutcome = { ok: true; value: unknown } | { ok: false; problem: string; index: number };

/** Parse a JSON text; on failure say what and where (index in the text). */
export function parseJson(text: string): ParseOutcome {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const found = findSyntaxError(text);
    return { ok: false, problem: found?.problem ?? "not valid JSON", index: found?.index ?? 0 };
  }
}

/** Parse a record's bytes; the failure reason names the file byte offset and line. */
export function parseRecordBytes(
  bytes: Buffer,
  byteOffset: number,
  line: number,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  const text = bytes.toString("utf8");
  const outcome = parseJson(text);
  if (outcome.ok) return outcome;
  return {
    ok: false,
    reason: `not valid JSON at ${placeIn(text, outcome.index, byteOffset, line)}: ${outcome.problem}`,
  };
}

/** "line 3, byte 1,204": where index `index` of a record's text lies in its file. */
function placeIn(text: string, index: number, byteOffset: number, line: number): string {
  const before = text.slice(0, index);
  const at = byteOffset + Buffer.byteLength(before, "utf8");
  let errorLine = line;
  for (let i = before.indexOf("\n"); i !== -1; i = before.indexOf("\n", i + 1)) errorLine++;
  return `line ${formatCount(errorLine)}, byte ${formatCount(at)}`;
}

class Located extends Error {
  constructor(
    readonly index: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** The first syntax error of a JSON text, or undefined if it is valid (or too deep to check). */
export function findSyntaxError(text: string): { index: number; problem: string } | undefined {
  let i = 0;
  const n = text.length;
  const fail = (problem?: string): never => {
    if (problem) throw new Located(i, problem);
    if (i >= n) throw new Located(i, "unexpected end of the record");
    const char = text.codePointAt(i)!;
    throw new Located(
      i,
      `unexpected ${char < 0x80 ? renderBytes(Uint8Array.of(char)) : JSON.stringify(String.fromCodePoint(char))}`,
    );
  };
  const ws = () => {
    for (let c = text.charCodeAt(i); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++i));
  };
  const string = () => {
    for (i++; ;) {
      if (i >= n) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) fail("a control character inside a string");
      if (c !== 0x5c) {
        i++;
        continue;
      }
      const e = text[i + 1];
      if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
      else if (e === "u" && HEX4.test(text.slice(i + 2, i + 6))) i += 6;
      else fail("a bad escape sequence");
    }
  };
  const value = (): void => {
    ws();
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      const close = c === 0x7b ? 0x7d : 0x5d;
      i++;
      ws();
      if (text.charCodeAt(i) === close) return void i++;
      for (;;) {
        if (close === 0x7d) {
          ws();
          if (text.charCodeAt(i) !== 0x22) fail();
          string();
          ws();
          if (text.charCodeAt(i) !== 0x3a) fail();
          i++;
        }
        value();
        ws();
        const next = text.charCodeAt(i);
        if (next === close) return void i++;
        if (next !== 0x2c) fail();
        i++;
      }
    }
    if (c === 0x22) return string();
    const literal = c === 0x74 ? "true" : c === 0x66 ? "false" : c === 0x6e ? "null" : undefined;
    if (literal) {
      for (const char of literal)
        if (text[i] === char) i++;
        else fail(); // "tru}" fails at the "}"
      return;
    }
    NUMBER.lastIndex = i;
    if ((c === 0x2d || (c >= 0x30 && c <= 0x39)) && NUMBER.test(text)) return void (i = NUMBER.lastIndex);
    fail();
  };
  try {
    value();
    ws();
    if (i < n) fail();
    return undefined;
  } catch (error) {
    if (error instanceof Located) return { index: error.index, problem: error.problem };
    return undefined; // RangeError: nested too deep for this checker
  }
}
