import { formatCount } from "@/lib/format/numbers";

// The one error a file read can end with, and the helpers that word its messages for people:
// sizes as "2 GiB", offsets as "52,113", raw bytes rendered so control characters stay visible.

export type ReadErrorCode =
  "not-json" | "not-cloudtrail" | "truncated-gzip" | "gzip-error" | "syntax-error" | "too-large" | "aborted";

export class ReadError extends Error {
  readonly code: ReadErrorCode;
  /** Offset in the decompressed stream (compressed stream for gzip errors), when it is known. */
  readonly byteOffset?: number;
  /** 1-based line in the decompressed stream, when it is known. */
  readonly line?: number;

  constructor(code: ReadErrorCode, message: string, where: { byteOffset?: number; line?: number } = {}) {
    super(message);
    this.name = "ReadError";
    this.code = code;
    if (where.byteOffset !== undefined) this.byteOffset = where.byteOffset;
    if (where.line !== undefined) this.line = where.line;
  }
}

/** Printable ASCII as is, everything else as \xNN (and \n, \r, \t), inside double quotes. */
export function renderBytes(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) {
    if (b === 0x0a) out += "\\n";
    else if (b === 0x0d) out += "\\r";
    else if (b === 0x09) out += "\\t";
    else if (b === 0x22 || b === 0x5c) out += "\\" + String.fromCharCode(b);
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += "\\x" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return `"${out}"`;
}

export function syntaxError(problem: string, byteOffset: number, line: number): ReadError {
  return new ReadError(
    "syntax-error",
    `JSON syntax error at line ${formatCount(line)}, byte ${formatCount(byteOffset)}: ${problem}`,
    { byteOffset, line },
  );
}

export function truncatedJsonError(byteOffset: number, line: number): ReadError {
  return new ReadError(
    "syntax-error",
    `unexpected end of JSON at line ${formatCount(line)}, byte ${formatCount(byteOffset)} — the file looks truncated`,
    { byteOffset, line },
  );
}

/** "not JSON: the file starts with "PK\x03\x04" (binary data)". */
export function notJsonError(head: Uint8Array): ReadError {
  const shown = head.subarray(0, 16);
  const binary = shown.some((b) => (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f);
  const text = Buffer.from(shown).toString("latin1").trimStart().toLowerCase();
  const hint = binary ? " (binary data)" : text.startsWith("<") ? " (HTML or XML?)" : "";
  return new ReadError("not-json", `not JSON: the file starts with ${renderBytes(shown)}${hint}`, { byteOffset: 0 });
}

export function notCloudTrailError(what: string): ReadError {
  return new ReadError("not-cloudtrail", `${what} — not a CloudTrail file`);
}

/** What a JSON value that starts with this byte is, for messages: "a number", "a string"… */
export function describeJsonStart(byte: number): string {
  if (byte === 0x7b) return "an object";
  if (byte === 0x5b) return "an array";
  if (byte === 0x22) return "a string";
  if (byte === 0x74 || byte === 0x66) return "a boolean";
  if (byte === 0x6e) return "null";
  if (byte === 0x2d || (byte >= 0x30 && byte <= 0x39)) return "a number";
  return `the byte ${renderBytes(Uint8Array.of(byte))}`;
}

export function isJsonScalarStart(byte: number): boolean {
  return (
    byte === 0x22 || byte === 0x74 || byte === 0x66 || byte === 0x6e || byte === 0x2d || (byte >= 0x30 && byte <= 0x39)
  );
}
