import { describe, expect, it } from "vitest";
import { gapBanner } from "./gap-text";

describe("gapBanner", () => {
  it("says nothing when nothing is missing", () => {
    expect(gapBanner([])).toBeNull();
  });

  it("names the files, the region, the account and the day of one gap, and links to that day", () => {
    expect(gapBanner([{ account: "111122223333", region: "us-east-1", day: "2026-11-12", missing: 2 }])).toEqual({
      text: "2 log files of us-east-1 (account 111122223333) on 2026-11-12 are missing — this history may be incomplete",
      link: { from: "2026-11-12", to: "2026-11-12", account: "111122223333", region: "us-east-1" },
    });
  });

  it("sums gaps over days, regions and accounts, and links to the range without narrowing it", () => {
    expect(
      gapBanner([
        { account: "111122223333", region: "us-east-1", day: "2026-11-12", missing: 1 },
        { account: "444455556666", region: "eu-west-1", day: "2026-11-20", missing: 1 },
      ]),
    ).toEqual({
      text:
        "2 log files of eu-west-1, us-east-1 (2 accounts) on 2 days between 2026-11-12 and 2026-11-20 are missing" +
        " — this history may be incomplete",
      link: { from: "2026-11-12", to: "2026-11-20", account: null, region: null },
    });
  });

  it("uses the singular for one file, and keeps the link within the longest range the view shows", () => {
    const banner = gapBanner([
      { account: "111122223333", region: "us-east-1", day: "2025-01-01", missing: 1 },
      { account: "111122223333", region: "us-east-1", day: "2026-11-12", missing: 0 },
    ]);
    expect(banner?.text).toBe(
      "1 log file of us-east-1 (account 111122223333) on 2 days between 2025-01-01 and 2026-11-12 is missing" +
        " — this history may be incomplete",
    );
    expect(banner?.link).toEqual({
      from: "2025-11-12",
      to: "2026-11-12",
      account: "111122223333",
      region: "us-east-1",
    });
  });
});
