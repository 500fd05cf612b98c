"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { ENGINES, RESOURCE_STATUSES, resourceListHref, type ResourceListParams } from "@/lib/resources/list-params";

/** Search, account, region, engine and status: each change rewrites the URL (page 1), which the server renders. */
export function ResourceFilters({ params, accounts, regions }: { params: ResourceListParams; accounts: string[]; regions: string[] }) {
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

  const select = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
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
        className="w-64 rounded-md border border-slate-300 px-3 py-1.5 text-sm"
      />
      <select aria-label="Account" className={select} value={params.account ?? ""} onChange={(e) => go({ account: e.target.value || undefined })}>
        <option value="">All accounts</option>
        {accounts.map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
      <select aria-label="Region" className={select} value={params.region ?? ""} onChange={(e) => go({ region: e.target.value || undefined })}>
        <option value="">All regions</option>
        <option value="global">global (datastores)</option>
        {regions.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <select aria-label="Engine" className={select} value={params.engine ?? ""} onChange={(e) => go({ engine: (e.target.value || undefined) as ResourceListParams["engine"] })}>
        <option value="">All engines</option>
        {ENGINES.map((engine) => (
          <option key={engine} value={engine}>
            {engine}
          </option>
        ))}
      </select>
      <select aria-label="Status" className={select} value={params.status ?? ""} onChange={(e) => go({ status: (e.target.value || undefined) as ResourceListParams["status"] })}>
        <option value="">Any status</option>
        {RESOURCE_STATUSES.map((status) => (
          <option key={status} value={status}>
            {status}
          </option>
        ))}
      </select>
      {(params.q || params.account || params.region || params.engine || params.status) && (
        <button
          type="button"
          className="text-sm text-indigo-700 hover:underline"
          onClick={() => (setQ(""), go({ q: undefined, account: undefined, region: undefined, engine: undefined, status: undefined }))}
        >
          Clear filters
        </button>
      )}
      {pending && <span className="text-xs text-slate-500">Loading…</span>}
    </form>
  );
}
