// What JSON allows but our own recursive code refuses, found before a record joins a batch so it
// is rejected alone with a reason instead of failing the batch.
//
// - Numbers are no limit any more: the record is stored as its text, compressed
//   (lib/events/record-codec.ts), not as jsonb, whose `numeric` refused "1e131072" and "1e-16384".
//   Such a record is stored byte for byte; JSON.parse reads those numbers as Infinity and 0, and
//   nothing derived from a record is a database number (JSON.stringify writes Infinity as null).
// - Nesting: the scanner marks records deeper than MAX_RECORD_DEPTH; a lookup-events
//   CloudTrailEvent string is measured here before it is parsed. JSON.stringify throws past a
//   few thousand levels, and jsonb's parser has a stack limit of its own.
// Pure: no I/O.

/** The deepest a record may nest (the enclosing {"Records":[ counts). */
export const MAX_RECORD_DEPTH = 1000;

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
