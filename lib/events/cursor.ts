// Keyset page cursors: the (event_time, id) of the row a page starts after. That pair is a
// total order that new rows slot into without moving existing ones, so paging stays correct
// while events arrive — unlike OFFSET, where each insert shifts every later page by one.
// Readable on purpose ("1417473141000_42"): a cursor in a shared link is not a secret.

export interface Cursor {
  /** event_time in epoch milliseconds (the column has millisecond precision). */
  timeMs: number;
  /** event.id, as a decimal string (a bigint). */
  id: string;
}

const CURSOR = /^(\d{1,15})_(\d{1,19})$/;

export function encodeCursor(eventTime: string | Date, id: string | bigint): string {
  return `${new Date(eventTime).getTime()}_${id}`;
}

export function decodeCursor(value: string): Cursor | null {
  const match = CURSOR.exec(value);
  if (!match) return null;
  const timeMs = Number(match[1]);
  const id = match[2]!;
  if (!Number.isSafeInteger(timeMs) || BigInt(id) > 9223372036854775807n) return null;
  return { timeMs, id };
}
