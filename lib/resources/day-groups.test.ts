import { describe, expect, it } from "vitest";
import { dayGroups, mergeAccountReads, type DayGroup } from "./day-groups";
import type { ReadLane, TimelineItem } from "./types";

const item = (eventTime: string): TimelineItem => ({
  eventId: eventTime,
  eventTime,
  eventName: "ModifyCacheCluster",
  actor: { key: "a", name: "alice", type: "IAMUser" },
  category: "modify",
  readOnly: false,
  errorCode: null,
  errorMessage: null,
  role: "target",
  changes: [],
  cause: null,
  effects: [],
  lifecycleIndex: 0,
});
const lane = (day: string, firstAt = `${day}T00:00:00.000Z`, lastAt = `${day}T23:55:00.000Z`): ReadLane => ({
  day,
  actor: { key: "m", name: "monitor", type: "AssumedRole" },
  eventName: "DescribeCacheClusters",
  count: 288,
  failedCount: 0,
  firstAt,
  lastAt,
  scope: "resource",
});
const shape = (groups: DayGroup[]) =>
  groups.map((g) => [g.day, g.entries.map((e) => (e.type === "event" ? e.item.eventTime.slice(11, 16) : "reads"))]);

describe("dayGroups", () => {
  const items = [item("2025-03-05T10:00:00.000Z"), item("2025-03-05T09:00:00.000Z"), item("2025-03-03T08:00:00.000Z")];
  const lanes = [
    lane("2025-03-01"),
    lane("2025-03-03"),
    lane("2025-03-04"),
    lane("2025-03-05", "2025-03-05T09:30:00.000Z", "2025-03-05T09:40:00.000Z"),
  ];

  it("merges events and lanes per day, newest first, each lane where its calls ended", () => {
    expect(shape(dayGroups(items, lanes, "newest", true))).toEqual([
      ["2025-03-05", ["10:00", "reads", "09:00"]],
      ["2025-03-04", ["reads"]],
      ["2025-03-03", ["reads", "08:00"]],
      ["2025-03-01", ["reads"]],
    ]);
  });

  it("holds back lanes of days older pages will reach", () => {
    expect(dayGroups(items, lanes, "newest", false).map((g) => g.day)).toEqual([
      "2025-03-05",
      "2025-03-04",
      "2025-03-03",
    ]);
  });

  it("works the other way round, oldest first, each lane where its calls began", () => {
    const oldest = [...items].reverse();
    expect(shape(dayGroups(oldest, lanes, "oldest", true))).toEqual([
      ["2025-03-01", ["reads"]],
      ["2025-03-03", ["reads", "08:00"]],
      ["2025-03-04", ["reads"]],
      ["2025-03-05", ["09:00", "reads", "10:00"]],
    ]);
    expect(dayGroups(oldest.slice(0, 1), lanes, "oldest", false).map((g) => g.day)).toEqual([
      "2025-03-01",
      "2025-03-03",
    ]);
  });

  it("shows every lane when there are no events to page through", () => {
    expect(dayGroups([], lanes, "newest", false)).toHaveLength(4);
  });
});

describe("mergeAccountReads", () => {
  const account = (day: string, count: number, firstAt: string, lastAt: string): ReadLane => ({
    ...lane(day, firstAt, lastAt),
    count,
    scope: "account",
  });

  it("adds up a day cut in two by a page boundary, and joins the periods searched", () => {
    const page1 = {
      eventName: "DescribeCacheClusters",
      lanes: [account("2025-03-05", 3, "2025-03-05T12:00:00.000Z", "2025-03-05T20:00:00.000Z")],
      searched: { start: "2025-03-05T12:00:00.000Z", end: "2025-03-07T00:00:00.000Z" },
      truncated: false,
    };
    const page2 = {
      eventName: "DescribeCacheClusters",
      lanes: [
        account("2025-03-05", 2, "2025-03-05T01:00:00.000Z", "2025-03-05T11:00:00.000Z"),
        account("2025-03-04", 1, "2025-03-04T01:00:00.000Z", "2025-03-04T01:00:00.000Z"),
      ],
      searched: { start: "2025-03-01T00:00:00.000Z", end: "2025-03-05T12:00:00.000Z" },
      truncated: false,
    };
    const merged = mergeAccountReads([page1, page2]);
    expect(merged?.lanes.map((l) => [l.day, l.count, l.firstAt.slice(11, 16), l.lastAt.slice(11, 16)])).toEqual([
      ["2025-03-05", 5, "01:00", "20:00"],
      ["2025-03-04", 1, "01:00", "01:00"],
    ]);
    expect(merged?.searched).toEqual({ start: "2025-03-01T00:00:00.000Z", end: "2025-03-07T00:00:00.000Z" });
    expect(merged?.truncated).toBe(false);
  });

  it("is null when hidden", () => {
    expect(mergeAccountReads([null, null])).toBeNull();
  });
});
