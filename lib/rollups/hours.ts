// Which part of a period the hourly rollups can answer, and which part must be counted from
// events: rollup rows hold whole UTC hours, so a period from 09:20 to 17:05 reads the hours
// 10:00–17:00 from the rollups and counts 09:20–10:00 and 17:00–17:05 from events (an index
// range on event_time each). Pure.

const HOUR = 3600_000;

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
