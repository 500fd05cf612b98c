"use client";

import { useHydrated } from "@/components/ui/use-hydrated";
import { formatTimestamp } from "@/lib/format/time";
import { useTimeZone } from "./time-zone";

// The same instant in the zone not chosen, so UTC and the reader's local time are both on
// screen. Rendered in the browser only: the server does not know the reader's zone.

export function OtherZone({ iso }: { iso: string }) {
  const { mode } = useTimeZone();
  const inBrowser = useHydrated();
  if (!inBrowser) return null;
  const other = mode === "utc" ? "local" : "utc";
  return (
    <span data-testid="other-zone" className="text-xs text-slate-500">
      {other === "utc" ? "in UTC" : "your time"}: {formatTimestamp(iso, other)}
    </span>
  );
}
