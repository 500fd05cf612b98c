"use client";

import { formatTimestamp } from "@/lib/format/time";
import { useTimeZone } from "./time-zone";

/** A point in time, in the reader's chosen zone, with the exact UTC instant on hover. */
export function Timestamp({ iso, withSeconds = true }: { iso: string; withSeconds?: boolean }) {
  const { mode } = useTimeZone();
  return (
    <time dateTime={iso} title={iso} className="whitespace-nowrap tabular-nums">
      {formatTimestamp(iso, mode, withSeconds)}
    </time>
  );
}
