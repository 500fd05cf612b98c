// Which part of a period the rollups can answer, and which part must be counted from events:
// rollup rows hold whole UTC days or hours, so a period from 09:20 on the 3rd to 17:05 on the
// 9th reads the days 4th–8th from the daily rollup, the hours 10:00–24:00 of the 3rd and
// 00:00–17:00 of the 9th from the hourly one, and counts 09:20–10:00 and 17:00–17:05 from
// events (an index range on event_time each). Pure.

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export interface Interval {
  from: Date;
  to: Date;
}

export interface HourSplit {
  /** Whole hours [from, to) answered by the rollups, or null when the period holds none. */
  hours: Interval | null;
  /** The period's parts outside whole hours, counted from events. */
  edges: Interval[];
}

export function splitByHours(period: Interval): HourSplit {
  const first = Math.ceil(period.from.getTime() / HOUR) * HOUR;
  const last = Math.floor(period.to.getTime() / HOUR) * HOUR;
  if (first >= last) return { hours: null, edges: period.from < period.to ? [period] : [] };
  const edges: Interval[] = [];
  if (period.from.getTime() < first) edges.push({ from: period.from, to: new Date(first) });
  if (last < period.to.getTime()) edges.push({ from: new Date(last), to: period.to });
  return { hours: { from: new Date(first), to: new Date(last) }, edges };
}

export interface DaySplit {
  /** Whole days answered by the daily rollup, or null. */
  days: Interval | null;
  /** Whole hours outside those days, answered by the hourly rollup (none, one or two runs). */
  hours: Interval[];
  edges: Interval[];
}

export function splitByDays(period: Interval): DaySplit {
  const { hours, edges } = splitByHours(period);
  if (!hours) return { days: null, hours: [], edges };
  const first = Math.ceil(hours.from.getTime() / DAY) * DAY;
  const last = Math.floor(hours.to.getTime() / DAY) * DAY;
  if (first >= last) return { days: null, hours: [hours], edges };
  const runs: Interval[] = [];
  if (hours.from.getTime() < first) runs.push({ from: hours.from, to: new Date(first) });
  if (last < hours.to.getTime()) runs.push({ from: new Date(last), to: hours.to });
  return { days: { from: new Date(first), to: new Date(last) }, hours: runs, edges };
}
