import { describe, expect, it } from "vitest";
import {
  DEFAULT_TIMELINE_PARAMS,
  momentHref,
  parseTimelineParams,
  timelineHref,
  timelinePageQuerySchema,
  timelineQuerySchema,
  timelineSearch,
} from "./timeline-params";

const KEY = { accountId: "123456789012", region: "us-west-2", kind: "cache-cluster", resourceId: "test-memcached" };

describe("timeline URL parameters", () => {
  it("shows account-wide reads by default, and keeps the default out of links", () => {
    expect(parseTimelineParams({}).accountReads).toBe("show");
    expect(timelineSearch({})).toBe("");
    expect(timelineHref(KEY, { accountReads: "show" })).toBe(
      "/clusters/123456789012/us-west-2/cache-cluster/test-memcached",
    );
  });

  it("hides them with accountReads=hide, which round-trips", () => {
    const params = parseTimelineParams({ accountReads: "hide", order: "oldest" });
    expect(params.accountReads).toBe("hide");
    expect(timelineSearch(params)).toBe("?order=oldest&accountReads=hide");
  });

  it("still accepts links made when they were hidden by default (accountReads=show)", () => {
    expect(parseTimelineParams({ accountReads: "show" }).accountReads).toBe("show");
    expect(parseTimelineParams({ accountReads: ["show", "hide"] }).accountReads).toBe("show");
    expect(parseTimelineParams({ accountReads: "bogus" }).accountReads).toBe("show");
  });

  it("links an event's moment: the configuration then and the events of its UTC day, and parses back", () => {
    const href = momentHref(KEY, "2014-12-01T22:32:21Z");
    expect(href).toBe(
      "/clusters/123456789012/us-west-2/cache-cluster/test-memcached?day=2014-12-01&at=2014-12-01T22%3A32%3A21.000Z",
    );
    const params = parseTimelineParams(Object.fromEntries(new URL(href, "http://x").searchParams));
    expect(params).toMatchObject({ day: "2014-12-01", at: "2014-12-01T22:32:21.000Z", order: "newest" });
    // Late in the evening west of UTC is already the next UTC day: the day follows the instant.
    expect(momentHref(KEY, "2014-12-01T23:30:00-05:00")).toContain("day=2014-12-02&");
    expect(momentHref(KEY, "not a time")).toBe("/clusters/123456789012/us-west-2/cache-cluster/test-memcached");
  });

  it("drops bad values on the page and keeps the rest", () => {
    expect(parseTimelineParams({ order: "oldest", day: "2025-02-30", at: "noon", reads: "some" })).toEqual({
      ...DEFAULT_TIMELINE_PARAMS,
      order: "oldest",
    });
  });

  it("refuses them on the API, and takes a cursor only on the timeline's further pages", () => {
    expect(timelineQuerySchema.safeParse({ day: "2025-02-30" }).error?.issues[0]?.path).toEqual(["day"]);
    expect(timelineQuerySchema.safeParse({ cursor: "1_1" }).success).toBe(false);
    expect(timelinePageQuerySchema.parse({ cursor: "1_1", reads: "all" })).toEqual({
      ...DEFAULT_TIMELINE_PARAMS,
      reads: "all",
      cursor: "1_1",
    });
    expect(timelinePageQuerySchema.safeParse({ cursor: "1.1" }).error?.issues[0]?.path).toEqual(["cursor"]);
  });
});
