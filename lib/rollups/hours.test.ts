import { describe, expect, it } from "vitest";
import { splitByDays, splitByHours } from "./hours";

const t = (s: string) => new Date(`2025-03-14T${s}Z`);

describe("splitting a period into whole hours and edges", () => {
  it("reads whole hours from the rollups and counts the edges", () => {
    expect(splitByHours({ from: t("09:20:00"), to: t("17:05:00") })).toEqual({
      hours: { from: t("10:00:00"), to: t("17:00:00") },
      edges: [
        { from: t("09:20:00"), to: t("10:00:00") },
        { from: t("17:00:00"), to: t("17:05:00") },
      ],
    });
  });

  it("needs no edges on hour boundaries", () => {
    expect(splitByHours({ from: t("09:00:00"), to: t("11:00:00") })).toEqual({
      hours: { from: t("09:00:00"), to: t("11:00:00") },
      edges: [],
    });
  });

  it("counts a period inside one hour, or across one boundary without a whole hour, from events", () => {
    expect(splitByHours({ from: t("09:10:00"), to: t("09:50:00") })).toEqual({
      hours: null,
      edges: [{ from: t("09:10:00"), to: t("09:50:00") }],
    });
    expect(splitByHours({ from: t("09:10:00"), to: t("10:50:00") })).toEqual({
      hours: null,
      edges: [{ from: t("09:10:00"), to: t("10:50:00") }],
    });
  });
});

describe("splitting a period into whole days, whole hours and edges", () => {
  const d = (s: string) => new Date(`2025-03-${s}Z`);
  it("reads whole days from the daily rollup and the hours around them from the hourly one", () => {
    expect(splitByDays({ from: d("03T09:20:00"), to: d("09T17:05:00") })).toEqual({
      days: { from: d("04T00:00:00"), to: d("09T00:00:00") },
      hours: [
        { from: d("03T10:00:00"), to: d("04T00:00:00") },
        { from: d("09T00:00:00"), to: d("09T17:00:00") },
      ],
      edges: [
        { from: d("03T09:20:00"), to: d("03T10:00:00") },
        { from: d("09T17:00:00"), to: d("09T17:05:00") },
      ],
    });
  });

  it("uses hours alone when the period holds no whole day", () => {
    expect(splitByDays({ from: d("03T09:00:00"), to: d("04T08:00:00") })).toEqual({
      days: null,
      hours: [{ from: d("03T09:00:00"), to: d("04T08:00:00") }],
      edges: [],
    });
  });
});
