import { describe, expect, it } from "vitest";
import { groupThreads, ownThreadsCpu, threadCpuSince } from "./thread-groups";

describe("groupThreads", () => {
  it("tells the main thread, the platform's five and the rest apart by the order they started in", () => {
    // Out of order on purpose: /proc lists them in no promised order.
    const threads = [108, 101, 100, 105, 102, 103, 104, 106, 107].map((tid) => ({ tid, seconds: tid - 99 }));
    expect(groupThreads(threads, 0.25)).toEqual({
      main: 1, // tid 100
      v8: 2 + 3 + 4 + 5 + 6, // tids 101–105
      pool: 7 + 8 + 9, // tids 106–108: libuv's pool and later threads
      gc: 0.25,
    });
  });

  it("counts each thread's CPU since the snapshot, and a thread the snapshot lacks whole", () => {
    spin(300);
    const before = ownThreadsCpu();
    const main = (list: { tid: number; seconds: number }[]) => list.find((t) => t.tid === process.pid)!.seconds;
    expect(main(before)).toBeGreaterThanOrEqual(0.3);
    spin(100);
    // /proc counts in ticks of 10 ms.
    expect(main(threadCpuSince(before))).toBeGreaterThanOrEqual(0.08);
    expect(main(threadCpuSince(before))).toBeLessThan(0.3);
    const withoutMain = before.filter((t) => t.tid !== process.pid);
    expect(main(threadCpuSince(withoutMain))).toBeGreaterThanOrEqual(0.38);
  });
});

/** Keeps this thread busy for `ms` of CPU time (not wall time: a busy machine may pre-empt it). */
function spin(ms: number): void {
  const start = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return;
  }
}
