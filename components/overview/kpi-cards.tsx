import Link from "next/link";
import { cardClasses } from "@/components/ui/card";
import { cx } from "@/components/ui/class-names";
import { formatCount } from "@/lib/format/numbers";
import type { EventFiltersInput } from "@/lib/events/filters";
import { eventsPageUrl } from "@/lib/events/filters";
import type { Compared, KpiName, Overview } from "@/lib/overview/types";

// The seven numbers of the period, each against the period of equal length before it. Up is
// not good or bad here (more writes may be a deployment), so the change is told, not coloured.

const KPIS: { name: KpiName; label: string; events?: EventFiltersInput }[] = [
  { name: "events", label: "Events", events: {} },
  { name: "writes", label: "Write calls", events: { access: "write", outcome: "success" } },
  { name: "failures", label: "Failed calls", events: { outcome: "failure" } },
  { name: "actors", label: "Distinct actors" },
  { name: "resourcesChanged", label: "Resources changed" },
  { name: "resourcesCreated", label: "Resources created" },
  { name: "resourcesDeleted", label: "Resources deleted" },
];

export function change({ value, previous }: Compared): string {
  if (value === previous) return "no change";
  if (previous === 0) return `up from 0`;
  const pct = Math.round(((value - previous) / previous) * 100);
  return `${pct > 0 ? "▲" : "▼"} ${Math.abs(pct)}% (was ${formatCount(previous)})`;
}

export function KpiCards({ overview, scope }: { overview: Overview; scope: EventFiltersInput }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 xl:grid-cols-7" aria-label="Key figures">
      {KPIS.map((k) => {
        const figure = overview.kpis[k.name];
        const body = (
          <>
            <dt className="text-xs font-medium text-slate-500">{k.label}</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`kpi-${k.name}`}>
              {formatCount(figure.value)}
            </dd>
            <dd className="mt-0.5 text-xs text-slate-500">{overview.previous ? change(figure) : "all time"}</dd>
          </>
        );
        return k.events ? (
          <Link
            key={k.name}
            href={eventsPageUrl({ ...scope, ...k.events })}
            className={cx(cardClasses({ padding: "md" }), "hover:border-indigo-300")}
          >
            {body}
          </Link>
        ) : (
          <div key={k.name} className={cardClasses({ padding: "md" })}>
            {body}
          </div>
        );
      })}
    </dl>
  );
}
