import Link from "next/link";
import { formatCount } from "@/lib/format/numbers";
import { KINDS } from "@/lib/resources/kinds";
import { resourceListHref, type ResourceListParams } from "@/lib/resources/list-params";

/** "All" then one tab per kind seen (clusters first); changing tab keeps the other filters and starts at page 1. */
export function KindTabs({ params, counts }: { params: ResourceListParams; counts: Record<string, number> }) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const tabs = [
    { kind: undefined, label: "All", count: total },
    ...KINDS.filter((k) => (counts[k.kind] ?? 0) > 0 || params.kind === k.kind).map((k) => ({
      kind: k.kind,
      label: k.label,
      count: counts[k.kind] ?? 0,
    })),
  ];
  return (
    <nav aria-label="Resource kinds" className="mb-4 flex flex-wrap gap-1 border-b border-slate-200">
      {tabs.map((t) => {
        const active = params.kind === t.kind;
        return (
          <Link
            key={t.kind ?? "all"}
            href={resourceListHref({ ...params, kind: t.kind, page: 1 })}
            aria-current={active ? "page" : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
              active
                ? "border-indigo-600 text-indigo-700"
                : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
            }`}
          >
            {t.label}{" "}
            <span className="ml-1 rounded-full bg-slate-100 px-1.5 text-xs tabular-nums text-slate-600">
              {formatCount(t.count)}
            </span>
          </Link>
        );
      })}
    </nav>
  );
}
