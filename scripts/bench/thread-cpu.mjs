// Preloaded (`node --import ./scripts/bench/thread-cpu.mjs …`) by scripts/bench/ingest-profile.ts:
// at exit, writes the CPU time of each thread still alive (user + system, from /proc) to the file
// named by THREAD_CPU_OUT. A CPU profile samples only the main thread; gunzip (libuv's pool), V8's
// background compiler and GC helpers, and tsx's module hooks thread are counted here. Linux only.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";

const out = process.env.THREAD_CPU_OUT;
/** The kernel's clock ticks per second (USER_HZ), 100 on Linux. */
const TICKS_PER_SECOND = 100;

if (out) {
  process.on("exit", () => {
    const threads = readdirSync("/proc/self/task").map((tid) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const name = readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim();
      // Fields after "(comm) ": state is field 3 of stat, utime 14 and stime 15.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
      return { tid: Number(tid), name, seconds };
    });
    const usage = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ process: (usage.userCPUTime + usage.systemCPUTime) / 1e6, threads }));
  });
}
