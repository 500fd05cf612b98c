import { z } from "zod";
import { isInstantInRange } from "@/lib/search-params/fields";

// Keyset page cursors: the (event_time, event row id) of the row a page starts after, for
// every list of events — the explorer's pages and exports, and a resource's timeline (whose
// event_resource rows copy the pair). That pair is a total order that new rows slot into
// without moving existing ones, so paging stays correct while events arrive — unlike OFFSET,
// where each insert shifts every later page by one.
// Readable on purpose ("1417473141000_42"): a cursor in a shared link is not a secret.
// The timeline's cursors were "<ms>.<id>" until 2026-12; those are refused (400) rather than
// read: they only live as long as a loaded page.

export interface EventPosition {
  /** event_time (the column has millisecond precision). */
  time: Date;
  /** event.id */
  id: bigint;
}

const CURSOR = /^(\d{1,15})_(\d{1,19})$/;
const MAX_BIGINT = 9223372036854775807n;

export function encodeCursor(position: EventPosition): string {
  return `${position.time.getTime()}_${position.id}`;
}

export function decodeCursor(value: string): EventPosition | null {
  const match = CURSOR.exec(value);
  if (!match) return null;
  const ms = Number(match[1]);
  const id = BigInt(match[2]!);
  if (!isInstantInRange(ms) || id > MAX_BIGINT) return null;
  return { time: new Date(ms), id };
}

/** A cursor parameter (after, before, cursor) as the API takes it. */
export const cursorSchema = z
  .string()
  .refine((value) => decodeCursor(value) !== null, "not a page cursor from this API (expected <epoch-ms>_<id>)");
