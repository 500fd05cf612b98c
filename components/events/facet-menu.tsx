"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { cx } from "@/components/ui/class-names";
import { fieldClasses } from "@/components/ui/field";
import { textLinkClasses } from "@/components/ui/text-link";
import { formatCount } from "@/lib/format/numbers";
import { describeError } from "@/lib/api/fetch-json";
import { fetchFacets } from "@/lib/events/api-client";
import type { FacetField } from "@/lib/events/facets";
import type { EventFiltersInput } from "@/lib/events/filters";
import { eventKeys } from "@/lib/events/query-keys";

// A filter menu listing a field's values with their counts under the other filters. The
// counts load when the menu opens, not with every page; over many matching events they are
// estimates from a sample (lib/events/facet-counts.ts) and say "about".

interface Props {
  field: FacetField;
  label: string;
  /** The filters without this field's own selection. */
  filters: EventFiltersInput;
  selected: string[];
  multiple: boolean;
  onChange: (values: string[]) => void;
}

export function FacetMenu({ field, label, filters, selected, multiple, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const root = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const facets = useQuery({
    queryKey: eventKeys.facets(field, filters),
    queryFn: ({ signal }) => fetchFacets(field, filters, signal),
    enabled: open,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });

  useEffect(() => {
    if (!open) return;
    const close = (event: Event) => {
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !root.current?.contains(event.target as Node))
        setOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  const values = facets.data?.values ?? [];
  const about = facets.data?.counts === "approximate";
  const known = new Set(values.map((v) => v.value));
  // A selected value with no matches under the other filters still shows, so it can be unticked.
  const options = [...selected.filter((s) => !known.has(s)).map((value) => ({ value, count: 0 })), ...values];
  const needle = search.trim().toLowerCase();
  const shown = needle ? options.filter((o) => o.value.toLowerCase().includes(needle)) : options;

  const toggle = (value: string) => {
    if (!multiple) onChange(selected.includes(value) ? [] : [value]);
    else onChange(selected.includes(value) ? selected.filter((s) => s !== value) : [...selected, value]);
  };

  return (
    <div className="relative" ref={root}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className={cx(
          "flex items-center gap-1 rounded-md border px-3 py-1.5 text-sm",
          selected.length
            ? "border-indigo-300 bg-indigo-50 text-indigo-800"
            : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
        )}
      >
        {label}
        {selected.length > 0 && (
          <span className="rounded-full bg-indigo-600 px-1.5 text-xs text-white">{selected.length}</span>
        )}
        <span aria-hidden className="text-slate-400">
          ▾
        </span>
      </button>
      {open && (
        <div
          id={panelId}
          role="group"
          aria-label={label}
          className="absolute left-0 z-30 mt-1 w-80 rounded-md border border-slate-200 bg-white p-2 shadow-lg"
        >
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder={`Find ${label.toLowerCase()}…`}
            aria-label={`Find ${label.toLowerCase()}`}
            className={fieldClasses("sm", "mb-2 w-full")}
            autoFocus
          />
          <ul className="max-h-72 overflow-auto text-sm" aria-busy={facets.isFetching}>
            {facets.isPending && <li className="px-2 py-1 text-slate-500">Counting…</li>}
            {facets.isError && <li className="px-2 py-1 text-red-700">{describeError(facets.error)}</li>}
            {!facets.isPending && shown.length === 0 && (
              <li className="px-2 py-1 text-slate-500">No values under the other filters.</li>
            )}
            {shown.map((o) => (
              <li key={o.value}>
                <label className="flex cursor-pointer items-center gap-2 rounded px-2 py-1 hover:bg-slate-50">
                  <input
                    type={multiple ? "checkbox" : "radio"}
                    name={panelId}
                    checked={selected.includes(o.value)}
                    onChange={() => toggle(o.value)}
                  />
                  <span className="min-w-0 flex-1 truncate font-mono text-xs" title={o.value}>
                    {o.value || "(empty)"}
                  </span>
                  <span className="tabular-nums text-xs text-slate-500">
                    {o.count === null ? "" : `${about ? "about " : ""}${formatCount(o.count)}`}
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {selected.length > 0 && (
            <button type="button" onClick={() => onChange([])} className={cx(textLinkClasses, "mt-2 text-xs")}>
              Clear {label.toLowerCase()}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
