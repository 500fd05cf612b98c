import { describe, expect, it } from "vitest";
import { findUnstorableNumber, isStorableNumber, nestsDeeperThan } from "./storable-json";

describe("numbers PostgreSQL's numeric can hold", () => {
  it("follow its weight and scale limits (checked against PostgreSQL 18 in tests/hostile)", () => {
    for (const ok of ["0", "-1", "1.5", "1e131071", "9.99e131071", "1e-16383", "0e-16383", "0e999999", "123e-5"])
      expect(isStorableNumber(ok), ok).toBe(true);
    for (const bad of ["1e131072", "10e131071", "1e-16384", "0.1e-16383", "0e-16384", "1e99999999999"])
      expect(isStorableNumber(bad), bad).toBe(false);
  });

  it("are found in a record's text, strings skipped", () => {
    expect(findUnstorableNumber('{"a":"1e999999","b":[1,2e5]}')).toBeUndefined();
    expect(findUnstorableNumber('{"a":"x\\"1e999999","b":[1,1e999999]}')).toEqual({ index: 26, token: "1e999999" });
  });
});

describe("nesting", () => {
  it("is measured without recursion, brackets in strings ignored", () => {
    expect(nestsDeeperThan(`${"[".repeat(1000)}${"]".repeat(1000)}`, 1000)).toBe(false);
    expect(nestsDeeperThan(`${"[".repeat(1001)}${"]".repeat(1001)}`, 1000)).toBe(true);
    expect(nestsDeeperThan(`{"a":"${"[".repeat(5000)}"}`, 10)).toBe(false);
    expect(nestsDeeperThan(`${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`, 1000)).toBe(true);
  });
});
