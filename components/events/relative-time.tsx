"use client";

import { useSyncExternalStore } from "react";
import { formatRelative } from "@/lib/format/time";

// "3 days ago" depends on the reader's clock, so it is rendered in the browser only (the
// server's "now" would not match on hydration) and refreshed every half minute.

const STEP_MS = 30_000;
const subscribe = (onChange: () => void) => {
  const timer = setInterval(onChange, STEP_MS);
  return () => clearInterval(timer);
};
const tick = () => Math.floor(Date.now() / STEP_MS);

export function RelativeTime({ iso }: { iso: string }) {
  const step = useSyncExternalStore(subscribe, tick, () => null);
  if (step === null) return null;
  return <span className="text-slate-500">{formatRelative(iso, new Date(step * STEP_MS))}</span>;
}
