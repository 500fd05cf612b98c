"use client";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/class-names";
import { fieldClasses } from "@/components/ui/field";
import { USER_AGENT_FAMILIES, type EventFilters, type EventFiltersInput } from "@/lib/events/filters";
import { FacetMenu } from "./facet-menu";
import { TimeRangeFilter } from "./time-range-filter";

// Every filter of the explorer. Menus and toggles apply at once; typed values apply on
// Enter or when the field loses focus, so half-typed text does not fire a query per key.

interface Props {
  filters: EventFilters;
  onChange: (patch: EventFiltersInput) => void;
}

function TextFilter({
  label,
  name,
  value,
  placeholder,
  onApply,
  wide = false,
}: {
  label: string;
  name: string;
  value: string | undefined;
  placeholder?: string;
  onApply: (value: string) => void;
  wide?: boolean;
}) {
  const apply = (input: HTMLInputElement) => {
    if (input.value.trim() !== (value ?? "")) onApply(input.value.trim());
  };
  return (
    <label className={cx("flex flex-col gap-0.5 text-xs font-medium text-slate-600", wide && "sm:col-span-2")}>
      {label}
      <input
        // Remount when the URL changes (Back, a chip removed) so the field shows what applies.
        key={value ?? ""}
        name={name}
        type="text"
        defaultValue={value ?? ""}
        placeholder={placeholder}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            apply(e.currentTarget);
          }
        }}
        onBlur={(e) => apply(e.currentTarget)}
        className={fieldClasses("md", "font-mono text-sm font-normal text-slate-900")}
        autoComplete="off"
        spellCheck={false}
      />
    </label>
  );
}

function Segmented<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T | undefined;
  options: { value: T | undefined; label: string }[];
  onChange: (value: T | undefined) => void;
}) {
  return (
    <div role="group" aria-label={label} className="flex overflow-hidden rounded-md border border-slate-300 text-sm">
      {options.map((o) => (
        <button
          key={o.label}
          type="button"
          aria-pressed={value === o.value}
          onClick={() => onChange(o.value)}
          className={cx(
            "px-2.5 py-1.5",
            value === o.value ? "bg-slate-800 text-white" : "bg-white text-slate-700 hover:bg-slate-50",
          )}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}

const list = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export function FilterBar({ filters, onChange }: Props) {
  const withoutOwn = (patch: EventFiltersInput): EventFiltersInput => ({
    ...filters,
    ...patch,
    after: undefined,
    before: undefined,
  });
  return (
    <Card aria-label="Filters" padding="sm" className="space-y-3">
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const q = String(new FormData(e.currentTarget).get("q") ?? "").trim();
          onChange({ q: q || undefined });
        }}
        className="flex gap-2"
      >
        <input
          key={filters.q ?? ""}
          name="q"
          type="search"
          defaultValue={filters.q ?? ""}
          placeholder="Search event ids, resource names, ARNs, IPs, request values…"
          aria-label="Search events"
          className={fieldClasses("wide", "min-w-0 flex-1 text-sm")}
        />
        <Button type="submit" variant="primary">
          Search
        </Button>
      </form>

      <div className="flex flex-wrap items-center gap-2">
        <TimeRangeFilter filters={filters} onChange={onChange} />
        <FacetMenu
          field="name"
          label="Event names"
          filters={withoutOwn({ name: undefined })}
          selected={filters.name ?? []}
          multiple
          onChange={(name) => onChange({ name })}
        />
        <Segmented
          label="Outcome"
          value={filters.error ? undefined : filters.outcome}
          options={[
            { value: undefined, label: "All outcomes" },
            { value: "success", label: "Success" },
            { value: "failure", label: "Failures" },
          ]}
          onChange={(outcome) => onChange({ outcome, error: undefined })}
        />
        <FacetMenu
          field="error"
          label="Error code"
          filters={withoutOwn({ error: undefined, outcome: undefined })}
          selected={filters.error ? [filters.error] : []}
          multiple={false}
          onChange={([error]) => onChange({ error, outcome: error ? "failure" : filters.outcome })}
        />
        <Segmented
          label="Read or write"
          value={filters.access}
          options={[
            { value: undefined, label: "Reads & writes" },
            { value: "write", label: "Writes" },
            { value: "read", label: "Reads" },
          ]}
          onChange={(access) => onChange({ access })}
        />
        <FacetMenu
          field="account"
          label="Account"
          filters={withoutOwn({ account: undefined })}
          selected={filters.account ?? []}
          multiple
          onChange={(account) => onChange({ account })}
        />
        <FacetMenu
          field="region"
          label="Region"
          filters={withoutOwn({ region: undefined })}
          selected={filters.region ?? []}
          multiple
          onChange={(region) => onChange({ region })}
        />
        <label className="sr-only" htmlFor="event-agent">
          User agent
        </label>
        <select
          id="event-agent"
          value={filters.agent ?? ""}
          onChange={(e) => onChange({ agent: (e.target.value || undefined) as EventFilters["agent"] })}
          className={fieldClasses("md", "text-sm")}
        >
          <option value="">Any user agent</option>
          {USER_AGENT_FAMILIES.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </div>

      <details className="group" open={Boolean(filters.actor || filters.resource || filters.ip || filters.run)}>
        <summary className="cursor-pointer text-sm font-medium text-slate-600 hover:text-slate-900">
          More filters
        </summary>
        <div className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
          <TextFilter
            label="Actor (name, ARN or key)"
            name="actor"
            value={filters.actor}
            placeholder="elasticache-allow"
            onApply={(actor) => onChange({ actor: actor || undefined })}
            wide
          />
          <TextFilter
            label="Resource id"
            name="resource"
            value={filters.resource}
            placeholder="prod-redis-001"
            onApply={(resource) => onChange({ resource: resource || undefined })}
          />
          <TextFilter
            label="Source IP"
            name="ip"
            value={filters.ip}
            placeholder="203.0.113.10"
            onApply={(ip) => onChange({ ip: ip || undefined })}
          />
          <TextFilter
            label="Ingestion run"
            name="run"
            value={filters.run}
            placeholder="42"
            onApply={(run) => onChange({ run: run || undefined })}
          />
          <TextFilter
            label="Accounts (comma-separated)"
            name="account-list"
            value={filters.account?.join(",")}
            placeholder="123456789012"
            onApply={(text) => onChange({ account: list(text) })}
          />
        </div>
      </details>
    </Card>
  );
}
