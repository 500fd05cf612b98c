"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { integerAxis } from "@/components/charts/integer-axis";
import { KIND_COLOR } from "@/components/charts/kind-style";
import { Card, SectionLabel } from "@/components/ui/card";
import { eventsPageUrl, type EventFiltersInput } from "@/lib/events/filters";
import { EVENT_KIND_LABELS, EVENT_KINDS, type EventKind } from "@/lib/events/kind";
import { formatCount, plural } from "@/lib/format/numbers";
import type { Overview } from "@/lib/overview/types";

// Events over time stacked by kind. A segment is a link: it opens the explorer on exactly the
// events it counts (that bucket, that kind, the same accounts and regions).

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function bucketLabel(iso: string, bucket: Overview["bucket"]): string {
  const d = new Date(iso);
  const day = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
  if (bucket === "hour") return `${day} ${String(d.getUTCHours()).padStart(2, "0")}:00`;
  return bucket === "week" ? `wk ${day}` : day;
}

export function EventsChart({ overview, scope }: { overview: Overview; scope: EventFiltersInput }) {
  const router = useRouter();
  const data = overview.series.map((b) => ({
    from: b.from,
    to: b.to,
    label: bucketLabel(b.from, overview.bucket),
    ...b.counts,
  }));
  const present = EVENT_KINDS.filter((k) => overview.series.some((b) => b.counts[k] > 0));
  const total = overview.series.reduce((n, b) => n + EVENT_KINDS.reduce((m, k) => m + b.counts[k], 0), 0);
  const tallest = Math.max(0, ...overview.series.map((b) => EVENT_KINDS.reduce((m, k) => m + b.counts[k], 0)));
  const open = (kind: EventKind, payload: unknown) => {
    const p = payload as { from?: unknown; to?: unknown } | undefined;
    if (typeof p?.from !== "string" || typeof p.to !== "string") return;
    router.push(eventsPageUrl({ account: scope.account, region: scope.region, from: p.from, to: p.to, kind }));
  };
  return (
    <Card aria-labelledby="events-chart-heading">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <SectionLabel id="events-chart-heading">
          Events over time{" "}
          <span className="font-normal normal-case tracking-normal text-slate-500">
            {plural(total, "event")}, per UTC {overview.bucket}
          </span>
        </SectionLabel>
        <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-600" aria-label="Legend">
          {EVENT_KINDS.map((k) => (
            <li key={k} className="flex items-center gap-1">
              <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: KIND_COLOR[k] }} />
              {EVENT_KIND_LABELS[k]}
            </li>
          ))}
        </ul>
      </div>
      <div className="h-64 w-full" data-testid="events-chart">
        {total === 0 ? (
          <p className="flex h-full items-center justify-center text-sm text-slate-600">No events in this range.</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: -8 }}>
              <CartesianGrid vertical={false} stroke="var(--color-chart-grid)" />
              <XAxis dataKey="label" tick={{ fontSize: 11, fill: "var(--color-slate-600)" }} minTickGap={24} />
              <YAxis
                {...integerAxis(tallest)}
                tick={{ fontSize: 11, fill: "var(--color-slate-600)" }}
                tickFormatter={(v: number) => formatCount(v)}
              />
              <Tooltip
                cursor={{ fill: "var(--color-chart-cursor)" }}
                contentStyle={{ fontSize: 12 }}
                formatter={(value) => formatCount(Number(value))}
              />
              {present.map((k) => (
                <Bar
                  key={k}
                  dataKey={k}
                  name={EVENT_KIND_LABELS[k]}
                  stackId="events"
                  fill={KIND_COLOR[k]}
                  maxBarSize={40}
                  isAnimationActive={false}
                  className="cursor-pointer"
                  onClick={(bar) => open(k, bar.payload)}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        )}
      </div>
    </Card>
  );
}
