import { describe, expect, it } from "vitest";
import { REBUILD_POLICY, rebuildThreshold } from "./rebuild-threshold";

describe("rebuildThreshold", () => {
  it("asks for the floor on an empty or small table, so small imports never rebuild", () => {
    expect(rebuildThreshold(0)).toBe(REBUILD_POLICY.minEvents);
    expect(rebuildThreshold(29_855)).toBe(100_000);
    expect(rebuildThreshold(400_000)).toBe(100_000);
  });

  it("asks for a quarter of the table at the last rebuild once that is more", () => {
    expect(rebuildThreshold(1_000_000)).toBe(250_000);
    expect(rebuildThreshold(10_000_001)).toBe(2_500_001);
  });
});
