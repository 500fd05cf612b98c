import { describe, expect, it } from "vitest";
import { nestsDeeperThan } from "./storable-json";

describe("nesting", () => {
  it("is measured without recursion, brackets in strings ignored", () => {
    expect(nestsDeeperThan(`${"[".repeat(1000)}${"]".repeat(1000)}`, 1000)).toBe(false);
    expect(nestsDeeperThan(`${"[".repeat(1001)}${"]".repeat(1001)}`, 1000)).toBe(true);
    expect(nestsDeeperThan(`{"a":"${"[".repeat(5000)}"}`, 10)).toBe(false);
    expect(nestsDeeperThan(`${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`, 1000)).toBe(true);
  });
});
