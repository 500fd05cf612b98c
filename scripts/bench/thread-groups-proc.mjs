// The CPU of each thread of this process, from /proc (Linux). Plain JavaScript: the preload
// thread-cpu.mjs runs before any TypeScript loader.
import { readdirSync, readFileSync } from "node:fs";

/** The kernel's clock ticks per second (USER_HZ), 100 on Linux. */
const TICKS_PER_SECOND = 100;

/** user + system seconds of each thread alive now, in the order they were created (thread ids rise). */
export function ownThreadsCpu() {
  return readdirSync("/proc/self/task")
    .map((tid) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      const name = readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim();
      // Fields after "(comm) ": state is field 3 of stat, utime 14 and stime 15.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return { tid: Number(tid), name, seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
    })
    .sort((a, b) => a.tid - b.tid);
}
