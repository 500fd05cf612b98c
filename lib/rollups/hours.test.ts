import { describe, expect, it } from "vitest";
import { splitByHours } from "./hours";

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
