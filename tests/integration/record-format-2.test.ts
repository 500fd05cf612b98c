import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEvent } from "@/lib/events/detail";
import { exportEvents } from "@/lib/events/export";
import { RECORD_FORMAT_WITHOUT_COLUMNS_DICT_2 } from "@/lib/events/record-codec";
import { recordColumns, recordTextOf, type StoredRecordColumns } from "@/lib/events/record-codec-sql";
import { eventIdEquals } from "@/lib/events/event-id";
import { ingestFile } from "@/lib/ingest/ingest-file";
import { finishRun, startRun } from "@/lib/ingest/runs";
import { generateElastiCacheRecords } from "@/tools/corpus";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { chunks, SEED_FILES } from "../helpers/streams";

// Format 2 (lib/events/record-codec.ts) stores a record without the values its row's columns hold
// (eventID, eventTime, sourceIPAddress, userAgent, requestID, accessKeyId) and puts them back from
// those columns: what the event page shows must be the record's text as read, byte for byte,
// whichever of them the text writes in another way than the column holds.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

async function ingest(name: string, bytes: Uint8Array) {
  const run = await startRun(t.prisma, { kind: "cli", name: "test" });
  const summary = await ingestFile(t.prisma, run, { name, content: chunks(bytes) });
  await finishRun(t.prisma, run, [summary]);
  return summary;
}

/** The record's text as the event page shows it (getEvent: the page's one query). */
async function pageText(eventId: string): Promise<string> {
  const found = await getEvent(t.prisma, eventId);
  if (!found) throw new Error(`no event ${eventId}`);
  return found.detail.recordText;
}

async function storedFormat(eventId: string): Promise<number> {
  const [row] = await t.prisma.$queryRaw<{ format: number }[]>`
    SELECT get_byte(record_data, 0) AS format FROM event e WHERE ${eventIdEquals("e", eventId)}`;
  return row!.format;
}

/**
 * One generated record as a line of JSON, with `edit` applied to its text. Its parameters hold no
 * secret: a masked record is stored re-serialised, not as read (lib/cloudtrail/secrets.ts).
 */
function line(seed: number, eventId: string, fields: Record<string, unknown>, edit = (s: string) => s): string {
  const record = generateElastiCacheRecords(1, seed)[0] as Record<string, unknown>;
  const parameters = { requestParameters: { cacheClusterId: `c-${seed}` }, responseElements: null };
  return edit(JSON.stringify({ ...record, ...parameters, eventID: eventId, ...fields }));
}

describe("records stored without their row's values (format 2)", () => {
  it("show the ElastiCache guide's three records on the event page verbatim", async () => {
    for (const file of SEED_FILES) {
      const text = (await readFile(file, "utf8")).trim();
      expect(await ingest(file, Buffer.from(text))).toMatchObject({ stored: 1, rejected: 0 });
      const eventId = (JSON.parse(text) as { eventID: string }).eventID;
      expect(await storedFormat(eventId)).toBe(RECORD_FORMAT_WITHOUT_COLUMNS_DICT_2);
      expect(await pageText(eventId)).toBe(text);
    }
  });

  it("show every record byte for byte, whichever values their text writes otherwise than the row holds", async () => {
    const lines = [
      line(1, "5b1e0a6c-1d2e-4f3a-9b8c-7d6e5f4a3b2c", {}),
      // Ids stored as text (not a lower-case uuid) and an agent with a non-ASCII character.
      line(2, "5B1E0A6C-1D2E-4F3A-9B8C-7D6E5F4A3B2D", { requestID: "S3-STYLE/ID+1", userAgent: "agent ü/1.0" }),
      // Escapes the column's JSON would not write: kept in the text.
      line(3, "escaped-agent", { userAgent: "aws-cli/2" }, (s) => s.replace('"aws-cli/2"', '"aws-cli\\/2"')),
      line(4, "nul-agent", { userAgent: "a\u0000b" }),
      line(5, "lone-surrogate-ip", { sourceIPAddress: "x@@" }, (s) => s.replace("@@", "\\udc00")),
      // Times CloudTrail does not write: with milliseconds, with an offset.
      line(6, "millis", { eventTime: "2025-03-01T10:00:00.123Z" }),
      line(7, "offset", { eventTime: "2025-03-01T10:00:00+00:00" }),
      line(8, "spaced", { sourceIPAddress: "10.0.0.1" }, (s) =>
        s.replace('"sourceIPAddress":"', '"sourceIPAddress": "'),
      ),
      // The key twice: JSON.parse (and so the column) takes the last.
      line(9, "twice", { sourceIPAddress: "10.0.0.2" }, (s) => s.replace("{", '{"sourceIPAddress":"10.9.9.9",')),
      // Empty values of the same keys before the real ones, and the access key twice (the first one is cut).
      line(10, "empties", { requestID: "", sourceIPAddress: "" }, (s) =>
        s.replace("{", '{"x":{"eventID":"","userAgent":"","accessKeyId":""},'),
      ),
      line(
        11,
        "key-in-response",
        {
          userIdentity: { type: "IAMUser", accountId: "111122223333", accessKeyId: "AKIAEXAMPLEKEY000001" },
        },
        (s) => s.replace("{", '{"requestParameters":{"accessKeyId":"AKIAEXAMPLEKEY000001"},'),
      ),
    ];
    const summary = await ingest("format-2.ndjson", Buffer.from(lines.join("\n") + "\n"));
    expect(summary).toMatchObject({ stored: lines.length, rejected: 0 });
    // What PostgreSQL cannot hold (a NUL, a lone surrogate) is stored as U+FFFD, in the record
    // (lib/ingest/postgres-text.ts) as in the row's columns: the value is then cut all the same.
    const stored = lines.map((text) => text.replace("\\u0000", "\uFFFD").replace("\\udc00", "\uFFFD"));
    for (const text of stored) {
      const { eventID } = JSON.parse(text) as { eventID: string };
      expect({ eventID, text: await pageText(eventID) }).toEqual({ eventID, text });
    }
    for (const eventId of ["nul-agent", "lone-surrogate-ip", "escaped-agent", "millis", "offset", "spaced", "twice"])
      expect(await storedFormat(eventId)).toBe(RECORD_FORMAT_WITHOUT_COLUMNS_DICT_2);
    expect(await storedFormat("5b1e0a6c-1d2e-4f3a-9b8c-7d6e5f4a3b2c")).toBe(RECORD_FORMAT_WITHOUT_COLUMNS_DICT_2);

    // Every other reader of records gets the same texts: the export's records are the parsed texts.
    const exported = JSON.parse(
      await new Response(
        exportEvents(t.prisma, {}, "json", { origin: "https://x.example", now: new Date("2026-01-01Z") }),
      ).text(),
    ) as { eventId: string; record: unknown }[];
    for (const text of stored) {
      const record = JSON.parse(text) as { eventID: string };
      expect(exported.find((e) => e.eventId === record.eventID)?.record).toEqual(record);
    }
  });

  it("are refused, never misread, by a query that selects the record without its row's values", async () => {
    const id = "5b1e0a6c-1d2e-4f3a-9b8c-7d6e5f4a3b2c";
    const [row] = await t.prisma.$queryRaw<StoredRecordColumns[]>`
      SELECT ${recordColumns("e")} FROM event e WHERE ${eventIdEquals("e", id)}`;
    expect(recordTextOf(row!)).toBe(await pageText(id));
    const { record_data, record_text } = row!;
    expect(() => recordTextOf({ record_data, record_text } as StoredRecordColumns)).toThrow(
      "cannot be read without its event row's columns",
    );
  });
});
