import type { PrismaClient } from "@/lib/generated/prisma/client";
import { eventIdEquals } from "@/lib/events/event-id";
import { recordBytesOf, recordColumns, type StoredRecordColumns } from "@/lib/events/record-codec-sql";

// Tests reach into records of every shape: `any` spares a cast at each step.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Parsed = any;

/** The stored record of an event (by eventID) as its JSON text's bytes and parsed, whichever form the row holds. */
export async function storedRecord(prisma: PrismaClient, eventId: string): Promise<{ bytes: Buffer; record: Parsed }> {
  const [row] = await prisma.$queryRaw<StoredRecordColumns[]>`
    SELECT ${recordColumns("e")} FROM event e WHERE ${eventIdEquals("e", eventId)}`;
  if (!row) throw new Error(`no event ${eventId}`);
  const bytes = recordBytesOf(row);
  return { bytes, record: JSON.parse(bytes.toString("utf8")) };
}
