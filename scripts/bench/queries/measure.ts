// How each case of the query benchmark is timed: warm-ups, then p50 and p95 of the timed runs.
import { percentile } from "../report";

/** What a case's execution returns: rows (or a count) to show it did real work, and what to say about them. */
export interface Counted {
  rows: number;
  /** The total as the explorer shows it, or how exact the menu counts are. */
  note: string;
}

export interface Case {
  group: string;
  name: string;
  /** One execution. */
  run: () => Promise<number | Counted>;
  /** Untimed, before each execution: puts the state the case starts from in place. */
  prepare?: () => Promise<void>;
  /** Slow by nature (baselines, the export): at most SLOW_CASE_RUNS runs. */
  slow?: boolean;
}

export interface Result {
  group: string;
  name: string;
  p50: number;
  p95: number;
  rows: number;
  /** The last run's note, if the case gives one. */
  note: string | null;
}

/** Untimed runs first: plans cached, pages in memory. */
export const WARM_UPS = 3;
export const SLOW_CASE_RUNS = 10;

export async function measure(c: Case, runs: number): Promise<Result> {
  const timed = c.slow ? Math.min(runs, SLOW_CASE_RUNS) : runs;
  let last: number | Counted = 0;
  for (let i = 0; i < WARM_UPS; i++) {
    await c.prepare?.();
    last = await c.run();
  }
  const times: number[] = [];
  for (let i = 0; i < timed; i++) {
    await c.prepare?.();
    const t = performance.now();
    last = await c.run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const counted = typeof last === "number" ? { rows: last, note: null } : last;
  return { group: c.group, name: c.name, p50: percentile(times, 50), p95: percentile(times, 95), ...counted };
}
