// Numbers of the ingestion pages and messages, worded the same way as the engine's errors
// ("2 GiB", "52,113"): fixed locale, so the server and the browser print the same text.

export { formatCount, formatSize } from "@/lib/format/numbers";
import { formatCount } from "@/lib/format/numbers";

/** 870 → "0.9 s", 75_000 → "1 min 15 s", 7_500_000 → "2 h 5 min". */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "1 file", "3 files". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
