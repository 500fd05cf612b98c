// CloudTrail writes eventTime as ISO-8601 UTC ("2014-12-01T22:00:35Z"). Exports from other tools
// add fractions or an explicit offset, so those are accepted too; anything without a zone is
// refused, because guessing the zone would silently shift an audit trail by hours.

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/;

/** The instant an ISO-8601 time names, or null when it is malformed or names no real date. */
export function parseIsoTime(text: string): Date | null {
  const m = ISO_TIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, "0")) : 0;
  // Date.UTC rolls 2014-02-30 over into March; an audit log with such a date is corrupt, not early.
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  let time = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const zone = m[8] ?? "Z";
  if (zone !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = Number(digits.slice(2));
    if (offsetHours > 23 || offsetMinutes > 59) return null;
    time -= sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  // Years 0000–0099 would be mapped to 1900–1999 by Date.UTC; they are not real CloudTrail times anyway.
  if (year < 1970) return null;
  return new Date(time);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
