"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { cx } from "@/components/ui/class-names";
import { fieldClasses } from "@/components/ui/field";
import { textLinkClasses } from "@/components/ui/text-link";
import { ENGINES, RESOURCE_STATUSES, resourceListHref, type ResourceListParams } from "@/lib/resources/list-params";

/** Search, account, region, engine and status: each change rewrites the URL (page 1), which the server renders. */
export function ResourceFilters({
  params,
  accounts,
  regions,
}: {
  params: ResourceListParams;
  accounts: string[];
  regions: string[];
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [q, setQ] = useState(params.q ?? "");
  const go = (next: Partial<ResourceListParams>) =>
    startTransition(() => router.replace(resourceListHref({ ...params, ...next, page: 1 }), { scroll: false }));

  // Search as you type, once typing pauses.
  useEffect(() => {
    if ((params.q ?? "") === q.trim()) return;
    const timer = setTimeout(() => go({ q: q.trim() || undefined }), 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the typed text should schedule a search
  }, [q]);

  return (
    // A plain GET form underneath, so Enter searches even before (or without) JavaScript.
    <form
      role="search"
      method="get"
      action="/clusters"
      className="mb-4 flex flex-wrap items-center gap-2"
      onSubmit={(e) => (e.preventDefault(), go({ q: q.trim() || undefined }))}
    >
      {params.kind && <input type="hidden" name="kind" value={params.kind} />}
      {params.account && <input type="hidden" name="account" value={params.account} />}
      {params.region && <input type="hidden" name="region" value={params.region} />}
      {params.engine && <input type="hidden" name="engine" value={params.engine} />}
      {params.status && <input type="hidden" name="status" value={params.status} />}
      {params.sort !== "lastSeen" && <input type="hidden" name="sort" value={params.sort} />}
      {params.dir && <input type="hidden" name="dir" value={params.dir} />}
      <input
        type="search"
        name="q"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder="Search by id…"
        aria-label="Search by id"
        className={fieldClasses("wide", "w-64 text-sm")}
      />
      <FilterSelect
        label="Account"
        all="All accounts"
        value={params.account}
        options={accounts}
        onChange={(account) => go({ account })}
      />
      <FilterSelect
        label="Region"
        all="All regions"
        value={params.region}
        options={[["global", "global (datastores)"], ...regions]}
        onChange={(region) => go({ region })}
      />
      <FilterSelect
        label="Engine"
        all="All engines"
        value={params.engine}
        options={ENGINES}
        onChange={(engine) => go({ engine: engine as ResourceListParams["engine"] })}
      />
      <FilterSelect
        label="Status"
        all="Any status"
        value={params.status}
        options={RESOURCE_STATUSES}
        onChange={(status) => go({ status: status as ResourceListParams["status"] })}
      />
      {(params.q || params.account || params.region || params.engine || params.status) && (
        <button
          type="button"
          className={cx(textLinkClasses, "text-sm")}
          onClick={() => (
            setQ(""),
            go({ q: undefined, account: undefined, region: undefined, engine: undefined, status: undefined })
          )}
        >
          Clear filters
        </button>
      )}
      {pending && <span className="text-xs text-slate-500">Loading…</span>}
    </form>
  );
}

/** A filter menu: "all" (no value) first, then each option (a value, or [value, label]). */
function FilterSelect(props: {
  label: string;
  all: string;
  value: string | undefined;
  options: ReadonlyArray<string | readonly [string, string]>;
  onChange: (value: string | undefined) => void;
}) {
  return (
    <select
      aria-label={props.label}
      className={fieldClasses("md", "text-sm")}
      value={props.value ?? ""}
      onChange={(e) => props.onChange(e.target.value || undefined)}
    >
      <option value="">{props.all}</option>
      {props.options.map((option) => {
        const [value, label] = typeof option === "string" ? [option, option] : option;
        return (
          <option key={value} value={value}>
            {label}
          </option>
        );
      })}
    </select>
  );
}
