import { describe, expect, it } from "vitest";
import { isoInstant, queryText, single, utcDay } from "./fields";
import { z } from "zod";

describe("search parameter fields", () => {
  it("read an instant with or without a zone, as a date or a date-time, normalised to ISO", () => {
    expect(isoInstant.parse("2025-03-14")).toBe("2025-03-14T00:00:00.000Z");
    expect(isoInstant.parse("2025-03-14T09:30")).toBe("2025-03-14T09:30:00.000Z");
    expect(isoInstant.parse("2025-03-14 09:30:15")).toBe("2025-03-14T09:30:15.000Z");
    expect(isoInstant.parse("2014-12-01T22:32:21Z")).toBe("2014-12-01T22:32:21.000Z");
    expect(isoInstant.parse("2014-12-01T22:32:21.000Z")).toBe("2014-12-01T22:32:21.000Z");
    expect(isoInstant.parse("2025-03-14T09:30:00+02:00")).toBe("2025-03-14T07:30:00.000Z");
  });

  it("refuse what is not a real date, though JavaScript would roll it over", () => {
    for (const bad of ["yesterday", "2025-02-30", "2025-13-01", "2025-03-14T25:00", "14/03/2025"])
      expect(isoInstant.safeParse(bad).success, bad).toBe(false);
    expect(utcDay.parse("2024-02-29")).toBe("2024-02-29");
    expect(utcDay.parse("0001-01-01")).toBe("0001-01-01");
    expect(isoInstant.parse("0001-01-01")).toBe("0001-01-01T00:00:00.000Z");
    expect(isoInstant.parse("9999-12-31T23:59:59.999Z")).toBe("9999-12-31T23:59:59.999Z");
    for (const bad of ["0000-01-01", "0000-12-31T23:00Z", "9999-12-31T23:59:59-01:00"])
      expect(isoInstant.safeParse(bad).error?.issues[0]?.message, bad).toBe("years run from 0001 to 9999");
    expect(queryText(10).safeParse("a\u0000").success).toBe(false);
    expect(queryText(10).safeParse("a\uD800").success).toBe(false);
    expect(queryText(10).safeParse("zoë 🙂").success).toBe(true);
    for (const bad of ["2025-02-29", "2025-3-1", "2025-03-14T00:00"])
      expect(utcDay.safeParse(bad).success, bad).toBe(false);
  });

  it("refuse a repeated key, and read a blank one as not set", () => {
    const order = single(z.enum(["newest", "oldest"]).default("newest"));
    expect(order.safeParse(["oldest", "newest"]).error?.issues.map((i) => i.message)).toEqual(["given more than once"]);
    expect(order.parse(["oldest"])).toBe("oldest");
    expect(order.parse("  ")).toBe("newest");
    expect(order.safeParse("sideways").success).toBe(false);
  });
});
