"use client";

import { formatTimestamp } from "@/lib/format/time";
import { useTimeZone } from "@/components/time/time-zone";
import { EVENT_KIND_LABELS } from "@/lib/events/kind";
import { SECURITY_FLAG_LABELS } from "@/lib/security/flags";
import { hasRowFilters, type EventFilters, type EventFiltersInput } from "@/lib/events/filters";

// The active filters in words, each removable: what a reader of a shared link checks first.

const PRESET_LABEL = { "24h": "last 24 hours", "7d": "last 7 days", "30d": "last 30 days" } as const;

interface Chip {
  label: string;
  value: string;
  clear: EventFiltersInput;
}

function chips(f: EventFilters, time: (iso: string) => string): Chip[] {
  const out: Chip[] = [];
  if (f.range) out.push({ label: "Time", value: PRESET_LABEL[f.range], clear: { range: undefined } });
  if (f.from) out.push({ label: "From", value: time(f.from), clear: { from: undefined } });
  if (f.to) out.push({ label: "Until", value: time(f.to), clear: { to: undefined } });
  if (f.q) out.push({ label: "Text", value: f.q, clear: { q: undefined } });
  for (const name of f.name ?? [])
    out.push({ label: "Event", value: name, clear: { name: f.name?.filter((n) => n !== name) } });
  if (f.actor) out.push({ label: "Actor", value: f.actor, clear: { actor: undefined } });
  if (f.resource) out.push({ label: "Resource", value: f.resource, clear: { resource: undefined } });
  for (const a of f.account ?? [])
    out.push({ label: "Account", value: a, clear: { account: f.account?.filter((x) => x !== a) } });
  for (const r of f.region ?? [])
    out.push({ label: "Region", value: r, clear: { region: f.region?.filter((x) => x !== r) } });
  if (f.access)
    out.push({
      label: "Access",
      value: f.access === "read" ? "reads only" : "writes only",
      clear: { access: undefined },
    });
  if (f.error) out.push({ label: "Error", value: f.error, clear: { error: undefined } });
  else if (f.outcome)
    out.push({
      label: "Outcome",
      value: f.outcome === "failure" ? "failures only" : "successes only",
      clear: { outcome: undefined },
    });
  if (f.kind) out.push({ label: "Kind", value: EVENT_KIND_LABELS[f.kind], clear: { kind: undefined } });
  if (f.flag) out.push({ label: "Flagged", value: SECURITY_FLAG_LABELS[f.flag], clear: { flag: undefined } });
  if (f.ip) out.push({ label: "Source IP", value: f.ip, clear: { ip: undefined } });
  if (f.agent) out.push({ label: "User agent", value: f.agent, clear: { agent: undefined } });
  if (f.run) out.push({ label: "Ingestion run", value: f.run, clear: { run: undefined } });
  return out;
}

export function ActiveFilters({
  filters,
  onChange,
}: {
  filters: EventFilters;
  onChange: (patch: EventFiltersInput) => void;
}) {
  const { mode } = useTimeZone();
  if (!hasRowFilters(filters)) return null;
  const all = chips(filters, (iso) => formatTimestamp(iso, mode));
  const clearAll = Object.fromEntries(
    all.flatMap((c) => Object.keys(c.clear)).map((k) => [k, undefined]),
  ) as EventFiltersInput;
  return (
    <ul aria-label="Active filters" className="flex flex-wrap items-center gap-2">
      {all.map((c) => (
        <li
          key={`${c.label}:${c.value}`}
          className="flex items-center gap-1 rounded-full bg-indigo-50 py-0.5 pl-3 pr-1 text-xs text-indigo-900 ring-1 ring-indigo-200"
        >
          <span className="font-medium">{c.label}:</span>
          <span className="max-w-64 truncate font-mono" title={c.value}>
            {c.value}
          </span>
          <button
            type="button"
            onClick={() => onChange(c.clear)}
            aria-label={`Remove filter ${c.label} ${c.value}`}
            className="rounded-full px-1.5 hover:bg-indigo-200"
          >
            ×
          </button>
        </li>
      ))}
      <li>
        <button
          type="button"
          onClick={() => onChange(clearAll)}
          className="text-xs text-slate-600 underline hover:text-slate-900"
        >
          Clear all
        </button>
      </li>
    </ul>
  );
}
