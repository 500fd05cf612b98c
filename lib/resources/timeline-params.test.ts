import { describe, expect, it } from "vitest";
import { parseTimelineParams, timelineHref, timelineSearch } from "./timeline-params";

const KEY = { accountId: "123456789012", region: "us-west-2", kind: "cache-cluster", resourceId: "test-memcached" };

describe("timeline URL parameters", () => {
  it("shows account-wide reads by default, and keeps the default out of links", () => {
    expect(parseTimelineParams({}).accountReads).toBe("show");
    expect(timelineSearch({})).toBe("");
    expect(timelineHref(KEY, { accountReads: "show" })).toBe("/clusters/123456789012/us-west-2/cache-cluster/test-memcached");
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
});
