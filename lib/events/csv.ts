// CSV cells that a spreadsheet would run as a formula (=HYPERLINK(…), +cmd|…, @SUM(…)) are
// prefixed with an apostrophe: record values are attacker-controlled and exports get opened
// in Excel. Leading whitespace does not protect a formula, so it is looked through.

const FORMULA_START = /^[\s]*[=+\-@]|^[\t\r\n]/;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = neutraliseCell(typeof value === "string" ? value : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One RFC 4180 line, CRLF-terminated. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
