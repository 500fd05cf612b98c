import { describe, expect, it } from "vitest";
import { Memo } from "./memo";

describe("Memo", () => {
  it("computes once per key, shared by concurrent callers", async () => {
    const memo = new Memo<number>(10);
    let calls = 0;
    const compute = async () => ++calls;
    const [a, b] = await Promise.all([memo.get("k", compute), memo.get("k", compute)]);
    expect([a, b, calls]).toEqual([1, 1, 1]);
  });

  it("drops the least recently used entry past the entry limit", async () => {
    const memo = new Memo<string>(2);
    await memo.get("a", async () => "a");
    await memo.get("b", async () => "b");
    await memo.get("a", async () => "a again"); // a is now the most recent
    await memo.get("c", async () => "c");
    expect(await memo.get("a", async () => "recomputed")).toBe("a");
    expect(await memo.get("b", async () => "recomputed")).toBe("recomputed");
  });

  it("drops entries past the weight limit, but keeps the newest even if it alone is heavier", async () => {
    const memo = new Memo<number>(10, 100, (n) => n);
    await memo.get("small", async () => 40);
    await memo.get("big", async () => 70);
    await new Promise((r) => setTimeout(r, 0));
    expect(await memo.get("small", async () => -1)).toBe(-1);
    await memo.get("huge", async () => 500);
    await new Promise((r) => setTimeout(r, 0));
    expect(await memo.get("huge", async () => -1)).toBe(500);
  });

  it("forgets failures", async () => {
    const memo = new Memo<number>(10);
    await expect(memo.get("k", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await new Promise((r) => setTimeout(r, 0));
    expect(await memo.get("k", async () => 2)).toBe(2);
  });
});
