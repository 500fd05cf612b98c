import type { PrismaClient } from "@/lib/generated/prisma/client";
import { decodeRecordBytes } from "@/lib/events/record-codec";
import { eventIdEquals } from "@/lib/events/event-id";

// Tests reach into records of every shape: `any` spares a cast at each step.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Parsed = any;

/** The stored record of an event (by eventID) as its JSON text's bytes and parsed, whichever form the row holds. */
export async function storedRecord(prisma: PrismaClient, eventId: string): Promise<{ bytes: Buffer; record: Parsed }> {
  const [row] = await prisma.$queryRaw<Array<{ record_data: Uint8Array | null; record_text: string | null }>>`
    SELECT record_data, record::text AS record_text FROM event e WHERE ${eventIdEquals("e", eventId)}`;
  if (!row) throw new Error(`no event ${eventId}`);
  const bytes = row.record_data ? decodeRecordBytes(row.record_data) : Buffer.from(row.record_text!, "utf8");
  return { bytes, record: JSON.parse(bytes.toString("utf8")) };
}
