// The several ways time is written in CloudTrail: ISO eventTime, the Java-style dates inside
// ElastiCache responses ("Dec 1, 2014 10:16:06 PM"), and the compact stamps in S3 keys.

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

let lastIsoSecond = Number.NaN;
let lastIso = "";

/** `YYYY-MM-DDTHH:MM:SSZ`, the eventTime format (no milliseconds). Memoised: consecutive records share seconds. */
export function isoSeconds(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastIsoSecond) {
    lastIsoSecond = second;
    lastIso = `${new Date(second * 1000).toISOString().slice(0, 19)}Z`;
  }
  return lastIso;
}

/** `Mar 14, 2025 11:16:06 PM`: how ElastiCache (and other query-protocol services) write dates in responses. */
export function javaDate(ms: number): string {
  const d = new Date(ms);
  const hours = d.getUTCHours();
  const h12 = hours % 12 === 0 ? 12 : hours % 12;
  const ampm = hours < 12 ? "AM" : "PM";
  const time = `${h12}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${ampm}`;
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${time}`;
}

/** `YYYY/MM/DD`, the date folders of the S3 layout. */
export function datePath(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}`;
}

/** `YYYYMMDDTHHmmZ`, the delivery stamp in log file names. */
export function minuteStamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}Z`;
}

/** `YYYYMMDDTHHmmssZ`, the stamp in digest file names. */
export function secondStamp(ms: number): string {
  return `${minuteStamp(ms).slice(0, -1)}${pad2(new Date(ms).getUTCSeconds())}Z`;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
