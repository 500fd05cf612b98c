"use client";

import { useRouter } from "next/navigation";
import { fieldClasses } from "@/components/ui/field";
import { Timestamp } from "@/components/time/timestamp";
import { DEFAULT_RANGE, SCOPE_RANGES, scopeSearchParams, type ScopeFilters } from "@/lib/overview/scope";
import type { ScopeOptions } from "@/lib/overview/types";
import { overviewUrl, securityUrl } from "@/lib/urls";

// Time range, account and region of the Overview and Security views, kept in the URL with
// the explorer's parameter names, so a copied link reopens the same view.

const RANGES = [
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "all", label: "All time" },
] as const satisfies readonly { value: (typeof SCOPE_RANGES)[number]; label: string }[];

export function ScopeBar({
  view,
  filters,
  options,
  period,
}: {
  view: "overview" | "security";
  filters: ScopeFilters;
  options: ScopeOptions;
  period: { from: string; to: string };
}) {
  const router = useRouter();
  const go = (next: ScopeFilters) => {
    const params = scopeSearchParams(next);
    router.push(view === "overview" ? overviewUrl(params) : securityUrl(params), { scroll: false });
  };
  const custom = Boolean(filters.from || filters.to);
  const range = custom ? "custom" : (filters.range ?? DEFAULT_RANGE);
  return (
    <form
      aria-label="Scope"
      className="mb-4 flex flex-wrap items-center gap-2 text-sm"
      onSubmit={(e) => e.preventDefault()}
    >
      <label className="sr-only" htmlFor="scope-range">
        Time range
      </label>
      <select
        id="scope-range"
        className={fieldClasses("md")}
        value={range}
        onChange={(e) =>
          go({ ...filters, from: undefined, to: undefined, range: e.target.value as ScopeFilters["range"] })
        }
      >
        {RANGES.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
        {custom && <option value="custom">Custom range</option>}
      </select>
      <ScopeSelect
        id="scope-account"
        label="Account"
        all="All accounts"
        values={options.accounts}
        picked={filters.account}
        onPick={(account) => go({ ...filters, account })}
      />
      <ScopeSelect
        id="scope-region"
        label="Region"
        all="All regions"
        values={options.regions}
        picked={filters.region}
        onPick={(region) => go({ ...filters, region })}
      />
      <span className="text-xs text-slate-500">
        <Timestamp iso={period.from} withSeconds={false} /> – <Timestamp iso={period.to} withSeconds={false} />
      </span>
    </form>
  );
}

function ScopeSelect({
  id,
  label,
  all,
  values,
  picked,
  onPick,
}: {
  id: string;
  label: string;
  all: string;
  values: string[];
  picked: string[] | undefined;
  onPick: (values: string[] | undefined) => void;
}) {
  // Several values come from a shared link; the menu picks one or all.
  const current = picked?.length === 1 ? picked[0]! : picked?.length ? "several" : "";
  return (
    <>
      <label className="sr-only" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className={fieldClasses("md")}
        value={current}
        onChange={(e) => onPick(e.target.value ? [e.target.value] : undefined)}
      >
        <option value="">{all}</option>
        {current === "several" && <option value="several">{picked!.join(", ")}</option>}
        {values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </>
  );
}
