// Preloaded (`node --import ./scripts/bench/thread-cpu.mjs …`) by scripts/bench/ingest-profile.ts and by
// bench:ingest's "engine" runs: at exit, writes the CPU time of each thread still alive (user + system,
// from /proc) and the main thread's garbage-collection pauses to the file named by THREAD_CPU_OUT. A CPU
// profile samples only the main thread; gunzip (libuv's pool), V8's background compiler and GC helpers,
// and tsx's module hooks thread are counted here (scripts/bench/thread-groups.ts names them). Linux only.
import { writeFileSync } from "node:fs";
import { PerformanceObserver } from "node:perf_hooks";
import { ownThreadsCpu } from "./thread-groups-proc.mjs";

const out = process.env.THREAD_CPU_OUT;

if (out) {
  let gcSeconds = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcSeconds += entry.duration / 1000;
  });
  gc.observe({ entryTypes: ["gc"] });
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(
      out,
      JSON.stringify({ process: (usage.userCPUTime + usage.systemCPUTime) / 1e6, threads: ownThreadsCpu(), gcSeconds }),
    );
  });
}
