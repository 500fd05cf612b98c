import { describe, expect, it } from "vitest";
import { integerAxis } from "./integer-axis";

describe("integer y-axes", () => {
  it("end at the largest count when it is small, one tick per count", () => {
    expect(integerAxis(0)).toEqual({ allowDecimals: false, domain: [0, 1], ticks: [0, 1] });
    expect(integerAxis(2)).toEqual({ allowDecimals: false, domain: [0, 2], ticks: [0, 1, 2] });
    expect(integerAxis(4)).toEqual({ allowDecimals: false, domain: [0, 4], ticks: [0, 1, 2, 3, 4] });
  });

  it("leave larger axes to whole-number auto ticks", () => {
    expect(integerAxis(37)).toEqual({ allowDecimals: false, domain: [0, "auto"] });
  });
});
