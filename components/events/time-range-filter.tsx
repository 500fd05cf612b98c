"use client";

import { useState } from "react";
import { useTimeZone, type TimeZoneMode } from "@/components/time/time-zone";
import { Button } from "@/components/ui/button";
import { fieldClasses } from "@/components/ui/field";
import type { EventFilters, EventFiltersInput, TimePreset } from "@/lib/events/filters";

// Presets are relative ("last 24 hours" stays that in a shared link); a custom range is two
// absolute instants, typed in the zone the header toggle shows and stored in UTC.

const PRESETS: { value: TimePreset; label: string }[] = [
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
];

const pad = (n: number) => String(n).padStart(2, "0");

/** ISO instant → the value of a datetime-local input in the chosen zone. */
export function toInputValue(iso: string | undefined, mode: TimeZoneMode): string {
  if (!iso) return "";
  if (mode === "utc") return iso.slice(0, 19);
  const d = new Date(iso);
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** datetime-local value (no zone) → ISO instant, reading it in the chosen zone. */
export function fromInputValue(value: string, mode: TimeZoneMode): string | undefined {
  if (!value) return undefined;
  const d = new Date(mode === "utc" ? `${value}${value.length === 16 ? ":00" : ""}Z` : value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function TimeRangeFilter({
  filters,
  onChange,
}: {
  filters: EventFilters;
  onChange: (patch: EventFiltersInput) => void;
}) {
  const { mode } = useTimeZone();
  const custom = Boolean(filters.from || filters.to);
  const [editing, setEditing] = useState(false);
  const showInputs = custom || editing;
  const selectValue = editing || custom ? "custom" : (filters.range ?? "all");

  const apply = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const from = fromInputValue(String(data.get("from") ?? ""), mode);
    const to = fromInputValue(String(data.get("to") ?? ""), mode);
    onChange({ range: undefined, from, to });
  };

  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor="event-time-range">
        Time range
      </label>
      <select
        id="event-time-range"
        value={selectValue}
        onChange={(e) => {
          const value = e.target.value;
          if (value === "custom") return setEditing(true);
          setEditing(false);
          onChange({ range: value === "all" ? undefined : (value as TimePreset), from: undefined, to: undefined });
        }}
        className={fieldClasses("md", "text-sm")}
      >
        <option value="all">All time</option>
        {PRESETS.map((p) => (
          <option key={p.value} value={p.value}>
            {p.label}
          </option>
        ))}
        <option value="custom">Custom range…</option>
      </select>
      {showInputs && (
        <form
          // Remount when the URL's range changes, so the inputs show what applies.
          key={`${filters.from ?? ""}|${filters.to ?? ""}|${mode}`}
          onSubmit={(e) => {
            e.preventDefault();
            apply(e.currentTarget);
          }}
          className="flex flex-wrap items-center gap-2 text-sm"
          aria-label="Custom time range"
        >
          <label className="flex items-center gap-1">
            From
            <input
              name="from"
              type="datetime-local"
              step={1}
              defaultValue={toInputValue(filters.from, mode)}
              className={fieldClasses("sm")}
            />
          </label>
          <label className="flex items-center gap-1">
            to
            <input
              name="to"
              type="datetime-local"
              step={1}
              defaultValue={toInputValue(filters.to, mode)}
              className={fieldClasses("sm")}
            />
          </label>
          <span className="text-xs text-slate-500">{mode === "utc" ? "UTC" : "local time"}</span>
          <Button type="submit" variant="dark" size="sm" className="text-xs">
            Apply
          </Button>
        </form>
      )}
    </div>
  );
}
