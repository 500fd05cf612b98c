import { describe, expect, it } from "vitest";
import { Rng, weightedPicker } from "./prng";

describe("Rng", () => {
  it("replays the same sequence for the same seed", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    expect(Array.from({ length: 100 }, () => a.u32())).toEqual(Array.from({ length: 100 }, () => b.u32()));
  });

  it("gives different sequences for different seeds, including large ones", () => {
    const draws = (seed: number) => {
      const r = new Rng(seed);
      return Array.from({ length: 8 }, () => r.u32());
    };
    expect(draws(1)).not.toEqual(draws(2));
    expect(draws(2 ** 40)).not.toEqual(draws(2 ** 40 + 2 ** 33));
  });

  it("stays in range and produces well-formed ids", () => {
    const rng = new Rng(7);
    for (let i = 0; i < 1000; i++) {
      const f = rng.float();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      const n = rng.between(3, 5);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(5);
    }
    expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(rng.hex(13)).toMatch(/^[0-9a-f]{13}$/);
  });

  it("forks independent generators deterministically", () => {
    const a = new Rng(5).fork();
    const b = new Rng(5).fork();
    expect(a.u32()).toBe(b.u32());
  });
});

describe("weightedPicker", () => {
  it("follows the weights", () => {
    const pick = weightedPicker([
      ["a", 0.9],
      ["b", 0.1],
      ["never", 0],
    ] as const);
    const rng = new Rng(3);
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 10_000; i++) counts[pick(rng)] += 1;
    expect(counts.never).toBe(0);
    expect(counts.b / 10_000).toBeGreaterThan(0.08);
    expect(counts.b / 10_000).toBeLessThan(0.12);
  });
});
