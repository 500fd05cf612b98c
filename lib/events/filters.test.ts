import { describe, expect, it } from "vitest";
import { searchParamsRecord } from "@/lib/search-params/record";
import {
  eventQuerySchema,
  eventSearchParams,
  eventsPageUrl,
  exportUrl,
  parseEventFilters,
  resolveTimeRange,
} from "./filters";

const parse = (query: string) => parseEventFilters(searchParamsRecord(new URLSearchParams(query)));

describe("event filters in the URL", () => {
  it("round-trips every filter through the URL unchanged", () => {
    const { filters, ignored } = parse(
      "name=ModifyCacheCluster,CreateCacheCluster&actor=IAMUser|arn|arn:aws:iam::1:user/a b&resource=prod-1&account=111122223333" +
        "&region=us-east-1&region=eu-west-1&access=write&outcome=failure&error=AccessDenied&ip=203.0.113.1&agent=terraform" +
        "&run=42&q=100%25_done&sort=oldest&limit=25&after=1417473141000_3&from=2025-01-01&to=2025-01-02T10:00",
    );
    expect(ignored).toEqual([]);
    expect(filters).toMatchObject({
      name: ["CreateCacheCluster", "ModifyCacheCluster"],
      region: ["eu-west-1", "us-east-1"],
      from: "2025-01-01T00:00:00.000Z",
      to: "2025-01-02T10:00:00.000Z",
      limit: 25,
      q: "100%_done",
    });
    expect(parse(eventSearchParams(filters).toString()).filters).toEqual(filters);
  });

  it("leaves defaults and empty values out of the canonical URL", () => {
    expect(eventsPageUrl(parse("sort=newest&limit=50&q=&name=").filters)).toBe("/events");
    expect(eventsPageUrl({ actor: "bob", after: "1_2" })).toBe("/events?actor=bob&after=1_2");
  });

  it("exports the filter without the page position", () => {
    expect(exportUrl({ actor: "bob", after: "1_2", limit: 10 }, "csv")).toBe("/api/events/export?actor=bob&format=csv");
  });

  it("drops invalid parameters on pages, and says which", () => {
    const { filters, ignored } = parse("actor=bob&limit=nope&from=yesterday&after=zzz&unknown=1");
    expect(filters).toMatchObject({ actor: "bob", limit: 50 });
    expect(filters.from).toBeUndefined();
    expect(ignored.map((i) => i.param).sort()).toEqual(["after", "from", "limit"]);
  });

  it("rejects unknown parameters in the API", () => {
    expect(eventQuerySchema.safeParse({ actr: "bob" }).success).toBe(false);
  });

  it("reads a time without a zone as UTC", () => {
    expect(parse("from=2025-03-14T09:30").filters.from).toBe("2025-03-14T09:30:00.000Z");
    expect(parse("from=2025-03-14T09:30:00%2B02:00").filters.from).toBe("2025-03-14T07:30:00.000Z");
  });

  it("resolves presets relative to now", () => {
    const now = new Date("2025-03-14T12:00:00Z");
    expect(resolveTimeRange({ range: "24h" }, now).from?.toISOString()).toBe("2025-03-13T12:00:00.000Z");
    expect(resolveTimeRange({ range: "7d" }, now).from?.toISOString()).toBe("2025-03-07T12:00:00.000Z");
  });
});
