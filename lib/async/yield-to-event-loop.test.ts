import { describe, expect, it } from "vitest";
import { EventLoopBudget, yieldToEventLoop } from "./yield-to-event-loop";

describe("yieldToEventLoop", () => {
  it("lets work already queued on the event loop run first, which an await alone does not", async () => {
    const order: string[] = [];
    setImmediate(() => order.push("queued"));
    await Promise.resolve();
    order.push("after await");
    await yieldToEventLoop();
    order.push("after yield");
    expect(order).toEqual(["after await", "queued", "after yield"]);
  });
});

describe("EventLoopBudget", () => {
  it("is spent once the loop has held the event loop longer than its budget, and renewed by yield", async () => {
    const budget = new EventLoopBudget(50);
    expect(budget.spent()).toBe(false);
    const start = performance.now();
    while (performance.now() - start < 60);
    expect(budget.spent()).toBe(true);
    await budget.yield();
    expect(budget.spent()).toBe(false);
  });
});
