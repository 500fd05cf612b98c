import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeRecord } from "@/lib/events/record-codec";
import { storedRecord } from "../helpers/stored-record";
import { GET } from "@/app/api/events/export/route";
import { MASKED } from "@/lib/cloudtrail/secrets";
import { setClientForTests } from "@/lib/db/client";
import { CSV_COLUMNS, exportEvents, type ExportFormat } from "@/lib/events/export";
import type { EventFiltersInput } from "@/lib/events/filters";
import { at, iamUser, testRecord } from "@/tests/fixtures/event-records";
import { storeRecords } from "@/tests/fixtures/store-records";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { get } from "../helpers/routes";

// Exports: streamed through the keyset in batches, every event of the filter exactly once,
// spreadsheet formulas neutralised, no secret-named field in the output.

let t: TestDatabase;
const SECRET = "supersecret-token-123";
const FORMULAS = [
  '=HYPERLINK("http://evil.example","x")',
  "+cmd|' /C calc'!A0",
  "-2+3",
  "@SUM(1,2)",
  "\tTAB",
  "\rCR",
  "  =1+1",
];

beforeAll(async () => {
  t = await createTestDatabase();
  setClientForTests(t.prisma);
  await storeRecords(t.prisma, [
    testRecord({
      eventID: "formula-event",
      eventTime: at(100),
      eventName: "ModifyCacheCluster",
      readOnly: false,
      userAgent: FORMULAS[0],
      sourceIPAddress: FORMULAS[2],
      errorCode: "InvalidParameterValue",
      errorMessage: FORMULAS[3],
      userIdentity: iamUser(FORMULAS[4]!),
      requestParameters: { cacheClusterId: FORMULAS[1], description: FORMULAS[6] },
    }),
    testRecord({
      eventID: "secret-event",
      eventTime: at(200),
      eventName: "CreateReplicationGroup",
      readOnly: false,
      requestParameters: {
        replicationGroupId: "auth-rg",
        authToken: SECRET,
        transitEncryptionEnabled: true,
        userPasswords: ["p4ssw0rd-one"],
      },
      responseElements: { replicationGroupId: "auth-rg", authTokenEnabled: true },
    }),
  ]);
  // A record stored before masking existed (or by a bug): the export must still not leak it.
  const { record: stored } = await storedRecord(t.prisma, "secret-event");
  stored.requestParameters.authToken = SECRET;
  stored.additionalEventData = { nested: { clientSecret: SECRET } };
  await t.prisma.$executeRaw`
    UPDATE event SET record_data = ${encodeRecord(JSON.stringify(stored))} WHERE event_id = 'secret-event'`;
  // Enough events for several export batches (1,000 each).
  const bulk = Array.from({ length: 2_450 }, (_, i) =>
    testRecord({ eventID: `bulk-${String(i).padStart(5, "0")}`, eventTime: at(1000 + Math.floor(i / 4)) }),
  );
  for (let i = 0; i < bulk.length; i += 500) await storeRecords(t.prisma, bulk.slice(i, i + 500));
});
afterAll(async () => {
  await t.drop();
});

async function exportText(filters: EventFiltersInput, format: ExportFormat): Promise<string> {
  return new Response(exportEvents(t.prisma, filters, format, { origin: "https://cachetrail.example" })).text();
}

/** RFC 4180, enough for the tests: quoted cells with "" escapes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

describe("CSV export", () => {
  it("has a header and one row per event of the filter, in the list's order", async () => {
    const rows = parseCsv(await exportText({}, "csv"));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    const ids = rows.slice(1).map((r) => r[1]);
    expect(ids).toHaveLength(2_452);
    expect(new Set(ids).size).toBe(2_452);
    expect(ids[0]).toBe("bulk-02449");
    expect(ids.at(-1)).toBe("formula-event");
  });

  it("neutralises every cell a spreadsheet would run as a formula", async () => {
    const rows = parseCsv(await exportText({ q: "formula-event" }, "csv"));
    const row = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, rows[1]![i]!]));
    expect(row.userAgent).toBe(`'${FORMULAS[0]}`);
    expect(row.sourceIp).toBe(`'${FORMULAS[2]}`);
    expect(row.errorMessage).toBe(`'${FORMULAS[3]}`);
    expect(row.actorName).toBe(`'${FORMULAS[4]}`);
    expect(row.link).toBe("https://cachetrail.example/events/formula-event");
    for (const cell of rows.slice(1).flat()) expect(cell).not.toMatch(/^\s*[=+\-@]|^[\t\r]/);
    // Inside a cell (the JSON of the request) the text is kept as it was.
    expect(JSON.parse(row.requestParameters!)).toEqual({ cacheClusterId: FORMULAS[1], description: FORMULAS[6] });
  });

  it("holds no secret, and no field named like one", async () => {
    const text = await exportText({}, "csv");
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("p4ssw0rd");
    expect(text).not.toMatch(/authToken"|userPasswords|clientSecret/);
    expect(text).toContain("transitEncryptionEnabled");
  });
});

describe("JSON export", () => {
  it("is one valid array of every event of the filter, records included", async () => {
    const events = JSON.parse(await exportText({ name: ["DescribeCacheClusters"] }, "json")) as {
      eventId: string;
      record: unknown;
    }[];
    expect(events).toHaveLength(2_450);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(2_450);
    expect(events[0]).toMatchObject({
      eventId: "bulk-02449",
      actor: { name: "alice" },
      record: { eventID: "bulk-02449" },
    });
  });

  it("is the same whatever the batches' byte budget: every event once, in order", async () => {
    const whole = await exportText({ name: ["DescribeCacheClusters"] }, "json");
    // 100 KB of records per batch: a few dozen events each, so the keyset is walked dozens of times.
    const small = await new Response(
      exportEvents(t.prisma, { name: ["DescribeCacheClusters"] }, "json", {
        origin: "https://cachetrail.example",
        batchBytes: 100_000,
      }),
    ).text();
    expect(small).toBe(whole);
    // A budget smaller than any record: one event per batch, none lost.
    const one = await new Response(
      exportEvents(t.prisma, { q: "formula-event" }, "csv", { origin: "https://cachetrail.example", batchBytes: 1 }),
    ).text();
    expect(one).toBe(await exportText({ q: "formula-event" }, "csv"));
  });

  it("is an empty array when nothing matches", async () => {
    expect(JSON.parse(await exportText({ actor: "nobody" }, "json"))).toEqual([]);
  });

  it("drops secret-named fields at any depth, masked or not", async () => {
    const [event] = JSON.parse(await exportText({ q: "auth-rg" }, "json")) as {
      record: Record<string, Record<string, unknown>>;
    }[];
    const text = JSON.stringify(event);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(MASKED);
    expect(event!.record.requestParameters).toEqual({ replicationGroupId: "auth-rg", transitEncryptionEnabled: true });
    expect(event!.record.additionalEventData).toEqual({ nested: {} });
    // A flag describing the secret is not the secret.
    expect(event!.record.responseElements).toEqual({ replicationGroupId: "auth-rg", authTokenEnabled: true });
  });
});

describe("GET /api/events/export", () => {
  const call = (query: string) => get(GET, `/api/events/export${query}`);

  it("streams a CSV download for the filter", async () => {
    const response = await call("?format=csv&name=ModifyCacheCluster");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="cachetrail-events-\d{8}T\d{6}Z\.csv"$/,
    );
    const rows = parseCsv(await response.text());
    expect(rows.slice(1).map((r) => r[1])).toEqual(["formula-event"]);
  });

  it("ignores the page position: an export covers the whole filter", async () => {
    const response = await call("?format=json&limit=1&after=1735690000000_1");
    expect(((await response.json()) as unknown[]).length).toBe(2_452);
  });

  it("rejects an unknown format or filter with a 400", async () => {
    expect((await call("?format=xml")).status).toBe(400);
    expect((await call("?format=csv&from=never")).status).toBe(400);
  });
});
