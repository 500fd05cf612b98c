import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poolOf } from "@/lib/db/create-client";
import { parseResourceListParams } from "@/lib/resources/list-params";
import { listResources } from "@/lib/resources/queries";
import { modifyRecord } from "@/tests/fixtures/event-records";
import { storeRecords } from "@/tests/fixtures/store-records";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// The resources list walks (kind, last_seen_day) and sorts each day's resources by last_seen (migration
// 20261212141000): a resource seen again the same day keeps its index entry. The order must still be
// exactly last seen, across days and within one, both ways.

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});

afterAll(async () => {
  await t?.drop();
});

const seen = (clusterId: string, eventTime: string) => storeRecords(t.prisma, [modifyRecord(clusterId, { eventTime })]);
const ids = async (raw: Record<string, string>) =>
  (await listResources(t.prisma, parseResourceListParams(raw))).rows.map((r) => r.key.resourceId);

describe("resources by last seen", () => {
  it("orders by the last event across days and within a day, as resources are seen again", async () => {
    await seen("c-a", "2025-01-01T23:00:00Z");
    await seen("c-b", "2025-01-02T00:30:00Z");
    await seen("c-c", "2025-01-02T01:00:00Z");
    expect(await ids({ kind: "cache-cluster" })).toEqual(["c-c", "c-b", "c-a"]);

    await seen("c-a", "2025-01-02T00:45:00Z"); // into the next day
    await seen("c-b", "2025-01-02T02:00:00Z"); // later the same day
    await seen("c-c", "2025-01-01T05:00:00Z"); // a late event from before: last seen stays
    expect(await ids({ kind: "cache-cluster" })).toEqual(["c-b", "c-c", "c-a"]);
    expect(await ids({ kind: "cache-cluster", dir: "asc" })).toEqual(["c-a", "c-c", "c-b"]);
    expect(await ids({})).toEqual(["c-b", "c-c", "c-a"]); // the default view merges every kind's index

    const { rows } = await poolOf(t.prisma).query<{ resource_id: string; day: string; last_seen: Date }>(
      `SELECT resource_id, last_seen_day::text AS day, last_seen FROM resource ORDER BY resource_id`,
    );
    for (const r of rows) expect(r.day).toBe(r.last_seen.toISOString().slice(0, 10));
  });
});
