import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventFiltersInput } from "@/lib/events/filters";
import { listEvents } from "@/lib/events/queries";
import { at, testRecord } from "@/tests/fixtures/event-records";
import { storeRecords } from "@/tests/fixtures/store-records";
import type { EventPage } from "@/lib/events/types";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// Keyset paging on (event_time, id): correct with many events in the same second (CloudTrail
// has one-second resolution), and while events arrive between two page fetches.

let t: TestDatabase;
const PAGE = 25;

/** 130 events over 40 seconds: three or four share each second. */
const initial = Array.from({ length: 130 }, (_, i) =>
  testRecord({ eventID: `base-${String(i).padStart(3, "0")}`, eventTime: at(1000 + (i % 40)) }),
);

beforeAll(async () => {
  t = await createTestDatabase();
  await storeRecords(t.prisma, initial);
});
afterAll(async () => {
  await t.drop();
});

const page = (filters: EventFiltersInput): Promise<EventPage> => listEvents(t.prisma, { limit: PAGE, ...filters });

/** Every page after the first, following `next`; `between` runs before each fetch. */
async function walk(
  filters: EventFiltersInput,
  between: (last: EventPage) => Promise<void> = async () => {},
): Promise<EventPage[]> {
  const pages = [await page(filters)];
  while (pages.at(-1)!.next) {
    await between(pages.at(-1)!);
    pages.push(await page({ ...filters, after: pages.at(-1)!.next! }));
  }
  return pages;
}

describe("keyset pagination", () => {
  it("walks every event exactly once, newest first, ties broken the same way every time", async () => {
    const pages = await walk({});
    const seen = pages.flatMap((p) => p.events);
    expect(seen).toHaveLength(130);
    expect(new Set(seen.map((e) => e.eventId)).size).toBe(130);
    expect(pages.map((p) => p.events.length)).toEqual([25, 25, 25, 25, 25, 5]);
    for (let i = 1; i < seen.length; i++) expect(seen[i - 1]!.eventTime >= seen[i]!.eventTime).toBe(true);
    expect(pages[0]!.prev).toBeNull();
    expect(pages.at(-1)!.next).toBeNull();
    // The same walk again gives the same pages.
    expect((await walk({})).map((p) => p.events.map((e) => e.eventId))).toEqual(
      pages.map((p) => p.events.map((e) => e.eventId)),
    );
  });

  it("walks oldest first in exactly the reverse order", async () => {
    const newest = (await walk({})).flatMap((p) => p.events.map((e) => e.eventId));
    const oldest = (await walk({ sort: "oldest" })).flatMap((p) => p.events.map((e) => e.eventId));
    expect(oldest).toEqual([...newest].reverse());
  });

  it("goes back to the same previous page, and from the second page back to a full first page", async () => {
    const pages = await walk({});
    const back = await page({ before: pages[3]!.prev! });
    expect(back.events.map((e) => e.eventId)).toEqual(pages[2]!.events.map((e) => e.eventId));
    expect(back.next).toBe(pages[2]!.next);
    const first = await page({ before: pages[1]!.prev! });
    expect(first.events.map((e) => e.eventId)).toEqual(pages[0]!.events.map((e) => e.eventId));
    expect(first.prev).toBeNull();
    // Part-way into the first page, "previous" still shows a full first page.
    const partial = await page({ before: pages[0]!.events[3]!.cursor });
    expect(partial.events.map((e) => e.eventId)).toEqual(pages[0]!.events.map((e) => e.eventId));
  });

  it("neither repeats nor skips an existing event while newer, older and same-second events arrive", async () => {
    const existing = new Set((await walk({})).flatMap((p) => p.events.map((e) => e.eventId)));
    let batch = 0;
    const pages = await walk({}, async (last) => {
      batch += 1;
      const newest = testRecord({ eventID: `new-${batch}-top`, eventTime: at(5000 + batch) });
      const oldest = testRecord({ eventID: `new-${batch}-bottom`, eventTime: at(batch) });
      // The very second of the cursor row: only the id breaks the tie, and it must still hold.
      const cursorTime = last.events.at(-1)!.eventTime.replace(".000Z", "Z");
      const tied = Array.from({ length: 3 }, (_, k) =>
        testRecord({ eventID: `new-${batch}-tie-${k}`, eventTime: cursorTime }),
      );
      await storeRecords(t.prisma, [newest, oldest, ...tied]);
    });
    const seen = pages.flatMap((p) => p.events.map((e) => e.eventId));
    expect(new Set(seen).size).toBe(seen.length); // no duplicates
    for (const id of existing) expect(seen).toContain(id); // no gaps among the events that existed
    // Newer events arrived above the first page: not on the later pages.
    expect(seen.filter((id) => id.endsWith("-top"))).toEqual([]);
    // Older ones are below the cursor and do show up at the end.
    expect(seen.filter((id) => id.endsWith("-bottom")).length).toBe(5);
  });

  it("pages free text the same whether its few matches are read at once or walked through the index", async () => {
    const ids = (pages: EventPage[]) => pages.map((p) => p.events.map((e) => e.eventId));
    const filters = { q: "describecache", limit: PAGE };
    // Expected matches within the count cap: all read at once, the total exact.
    const once = await walk(filters);
    expect(once[0]!.total).toEqual({ kind: "exact", value: once.flatMap((p) => p.events).length });
    expect(once.flatMap((p) => p.events).length).toBe(155);
    // A cap of 0 makes every match "too many": the page walks the (event_time, id) index as usual.
    const walked = [await listEvents(t.prisma, filters, { countCap: 0 })];
    while (walked.at(-1)!.next)
      walked.push(await listEvents(t.prisma, { ...filters, after: walked.at(-1)!.next! }, { countCap: 0 }));
    expect(ids(once)).toEqual(ids(walked));
    const back = await page({ ...filters, before: once[3]!.prev! });
    expect(back.events.map((e) => e.eventId)).toEqual(ids(once)[2]);
  });

  it("pages a filtered view the same way", async () => {
    const all = (await walk({ from: at(1010), to: at(1020) })).flatMap((p) => p.events);
    const expected = await t.prisma.event.count({
      where: { eventTime: { gte: new Date(at(1010)), lt: new Date(at(1020)) } },
    });
    expect(all).toHaveLength(expected);
    expect(new Set(all.map((e) => e.eventId)).size).toBe(expected);
  });
});
