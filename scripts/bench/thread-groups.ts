// Which of a Node process's threads did the work: its main thread, V8's helper threads (the optimising
// compiler, concurrent marking and parallel scavenging), and the rest (libuv's pool, where zlib inflates).
// Node names every thread "node"; they are told apart by the order they start in: the main thread, then
// the platform's threads (V8's four workers, `--v8-pool-size`, and its delayed-task thread), then anything
// later — libuv's pool starts on its first task, and tsx's module hooks thread, in a process that has
// one, is idle once modules are loaded.
import { ownThreadsCpu } from "./thread-groups-proc.mjs";

export interface ThreadCpu {
  tid: number;
  seconds: number;
}

export interface ThreadGroups {
  main: number;
  v8: number;
  pool: number;
  /** The main thread's garbage-collection pauses (perf_hooks "gc" entries), within `main`. */
  gc: number;
}

const PLATFORM_THREADS = 5;

export function groupThreads(threads: ThreadCpu[], gc: number): ThreadGroups {
  const sorted = [...threads].sort((a, b) => a.tid - b.tid);
  const sum = (list: ThreadCpu[]) => list.reduce((n, t) => n + t.seconds, 0);
  return {
    main: sorted[0]?.seconds ?? 0,
    v8: sum(sorted.slice(1, 1 + PLATFORM_THREADS)),
    pool: sum(sorted.slice(1 + PLATFORM_THREADS)),
    gc,
  };
}

/** Each thread's CPU since `before` (ownThreadsCpu), a thread started since counted whole. */
export function threadCpuSince(before: ThreadCpu[]): ThreadCpu[] {
  const was = new Map(before.map((t) => [t.tid, t.seconds]));
  return ownThreadsCpu().map((t) => ({ tid: t.tid, seconds: t.seconds - (was.get(t.tid) ?? 0) }));
}

export { ownThreadsCpu };
