import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseLeniently } from "./lenient";

const schema = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    sort: z.enum(["a", "b"]).default("a"),
    from: z.string().optional(),
    to: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.from && v.to && v.from >= v.to) ctx.addIssue({ code: "custom", path: ["to"], message: "after from" });
  });

describe("lenient parsing for pages", () => {
  it("drops each invalid parameter, says which, and keeps the rest", () => {
    expect(parseLeniently(schema, { page: "zero", sort: "b", extra: "1" })).toEqual({
      value: { page: 1, sort: "b" },
      ignored: [{ param: "page", message: "Invalid input: expected number, received NaN" }],
    });
  });

  it("drops the parameter a combination rule blames", () => {
    expect(parseLeniently(schema, { from: "b", to: "a" }).value).toEqual({ page: 1, sort: "a", from: "b" });
  });
});

describe("lenient parsing with a fallback for required parameters", () => {
  const required = z.object({ from: z.string().regex(/^\d{4}$/, "a year"), to: z.string().regex(/^\d{4}$/, "a year") });

  it("puts the fallback back for a dropped parameter and keeps the link's other values", () => {
    expect(parseLeniently(required, { from: "bogus", to: "2026" }, { from: "2020", to: "2021" })).toEqual({
      value: { from: "2020", to: "2026" },
      ignored: [{ param: "from", message: "a year" }],
    });
  });

  it("without a fallback, a required parameter dropped leaves only the schema's defaults", () => {
    expect(() => parseLeniently(required, { from: "bogus", to: "2026" })).toThrow();
  });
});
