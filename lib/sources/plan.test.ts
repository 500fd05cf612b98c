import { describe, expect, it } from "vitest";
import { daysToList, listedThroughAfter, needsFullListing, wantedStreams, type ListingState } from "./plan";

const a = { orgId: null, account: "111122223333", region: "us-east-1" };
const b = { orgId: null, account: "111122223333", region: "eu-west-1" };
const c = { orgId: "o-a1b2c3d4e5", account: "777788889999", region: "us-east-1" };

const never: ListingState = { listedThrough: null, knownStreams: [], fullListingAt: null };
const listed: ListingState = {
  listedThrough: "2026-12-03",
  knownStreams: ["111122223333/us-east-1", "111122223333/eu-west-1"],
  fullListingAt: new Date("2026-12-04T09:00:00Z"),
};

describe("wantedStreams", () => {
  it("keeps every stream when no account or region is chosen, else those chosen", () => {
    expect(wantedStreams([a, b, c], { accounts: [], awsRegions: [] })).toEqual([a, b, c]);
    expect(wantedStreams([a, b, c], { accounts: ["777788889999"], awsRegions: [] })).toEqual([c]);
    expect(wantedStreams([a, b, c], { accounts: [], awsRegions: ["us-east-1"] })).toEqual([a, c]);
    expect(wantedStreams([a, b, c], { accounts: ["111122223333"], awsRegions: ["eu-west-1"] })).toEqual([b]);
  });
});

describe("daysToList", () => {
  const range = { from: "2026-11-28", to: "2026-12-04" };

  it("lists every day of the range on a first or full listing", () => {
    expect(daysToList(a, range, never, false)).toHaveLength(7);
    expect(daysToList(a, range, listed, true)).toHaveLength(7);
  });

  it("lists only the days since the last listing for a stream it saw", () => {
    expect(daysToList(a, range, listed, false)).toEqual(["2026-12-03", "2026-12-04"]);
  });

  it("lists the whole range for a stream that appeared since", () => {
    expect(daysToList(c, range, listed, false)).toHaveLength(7);
  });

  it("never lists before the start date, even when the last listing is older", () => {
    expect(daysToList(a, { from: "2026-12-04", to: "2026-12-04" }, listed, false)).toEqual(["2026-12-04"]);
  });
});

describe("needsFullListing", () => {
  it("is due before any listing and a day after the last full one", () => {
    expect(needsFullListing(never, new Date("2026-12-04T10:00:00Z"))).toBe(true);
    expect(needsFullListing(listed, new Date("2026-12-05T08:59:59Z"))).toBe(false);
    expect(needsFullListing(listed, new Date("2026-12-05T09:00:00Z"))).toBe(true);
  });
});

describe("listedThroughAfter", () => {
  it("leaves yesterday and today to be listed again: their folders may still get files", () => {
    expect(listedThroughAfter(new Date("2026-12-04T00:05:00Z"))).toBe("2026-12-03");
  });
});
