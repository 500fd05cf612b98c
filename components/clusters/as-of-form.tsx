"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { fromInputValue, toInputValue } from "@/components/events/time-range-filter";
import { useTimeZone } from "@/components/time/time-zone";
import { Button } from "@/components/ui/button";
import { fieldClasses } from "@/components/ui/field";
import { timelineHref, type TimelineParams } from "@/lib/resources/timeline-params";
import type { ResourceKey } from "@/lib/urls";

// A browser's datetime-local field shows the reader's locale (12-hour "PM" in en-US) while the
// rest of the app writes 24-hour times, so the instant is typed as text, "2025-03-14 09:30:00",
// in the zone the header toggle shows (UTC or local) and stored in UTC.

const TYPED = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/;

/** Pick an instant (to the second) to see the configuration then: sets ?at= in the URL. */
export function AsOfForm({ resource, params }: { resource: ResourceKey; params: TimelineParams }) {
  const router = useRouter();
  const { mode } = useTimeZone();
  const shown = toInputValue(params.at, mode).replace("T", " ");
  const [typed, setTyped] = useState<{ mode: string; value: string } | null>(null);
  // What was typed stays until the zone toggle changes; then the chosen instant is shown in the new zone.
  const value = typed && typed.mode === mode ? typed.value : shown;
  const at = TYPED.test(value.trim()) ? fromInputValue(value.trim().replace(" ", "T"), mode) : undefined;
  const invalid = value.trim() !== "" && !at;
  return (
    <form
      className="flex flex-wrap items-center gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        if (at) router.push(timelineHref(resource, { ...params, at }));
      }}
    >
      <label className="text-slate-500" htmlFor="as-of">
        As of ({mode === "utc" ? "UTC" : "local time"})
      </label>
      <input
        id="as-of"
        type="text"
        inputMode="numeric"
        placeholder="YYYY-MM-DD HH:MM:SS"
        aria-invalid={invalid}
        aria-describedby={invalid ? "as-of-error" : undefined}
        value={value}
        onChange={(e) => setTyped({ mode, value: e.target.value })}
        className={fieldClasses("sm", "w-44 font-mono text-xs tabular-nums")}
      />
      <Button type="submit" size="sm" disabled={!at}>
        Show
      </Button>
      {invalid && (
        <span id="as-of-error" className="text-xs text-rose-700">
          24-hour time, like 2025-03-14 09:30:00
        </span>
      )}
    </form>
  );
}
