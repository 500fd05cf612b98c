"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { timelineHref, type TimelineParams } from "@/lib/resources/timeline-params";
import type { ActivityCategory, ActivityDay } from "@/lib/resources/types";
import { integerAxis } from "@/components/charts/integer-axis";
import { Card } from "@/components/ui/card";
import { plural } from "@/lib/format/numbers";
import type { ResourceKey } from "@/lib/urls";
import { CATEGORY_STYLE } from "./category-icon";

const ORDER: ActivityCategory[] = [
  "create",
  "modify",
  "scale",
  "delete",
  "reboot",
  "failover",
  "snapshot",
  "tag",
  "other",
  "related",
  "failed",
  "read",
];

/** Events per day by kind over the range; clicking a day filters the timeline to it (and clicking it again clears it). */
export function ActivityChart({
  days,
  resource,
  params,
}: {
  days: ActivityDay[];
  resource: ResourceKey;
  params: TimelineParams;
}) {
  const router = useRouter();
  const present = ORDER.filter((c) => days.some((d) => (d.counts[c] ?? 0) > 0));
  const data = days.map((d) => ({ day: d.day, ...d.counts }));
  const total = days.reduce((n, d) => n + d.total, 0);
  const select = (day: unknown) => {
    if (typeof day !== "string") return;
    router.push(timelineHref(resource, { ...params, day: params.day === day ? undefined : day }), { scroll: false });
  };
  return (
    <Card aria-labelledby="activity-heading">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="activity-heading" className="text-base font-semibold">
          Activity <span className="text-sm font-normal text-slate-500">{plural(total, "event")}, per UTC day</span>
        </h2>
        <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-600" aria-label="Legend">
          {present.map((c) => (
            <li key={c} className="flex items-center gap-1">
              <span
                aria-hidden
                className="inline-block h-2.5 w-2.5 rounded-sm"
                style={{ background: CATEGORY_STYLE[c].color }}
              />
              {CATEGORY_STYLE[c].label}
            </li>
          ))}
        </ul>
      </div>
      {total === 0 ? (
        <p className="text-sm text-slate-600">No events in this range.</p>
      ) : (
        <div className="h-44 w-full" data-testid="activity-chart">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              data={data}
              margin={{ top: 4, right: 8, bottom: 0, left: -16 }}
              onClick={(state) => select(state.activeLabel)}
              className="cursor-pointer"
            >
              <CartesianGrid vertical={false} stroke="var(--color-chart-grid)" />
              <XAxis dataKey="day" tick={{ fontSize: 11 }} minTickGap={24} />
              <YAxis {...integerAxis(Math.max(0, ...days.map((d) => d.total)))} tick={{ fontSize: 11 }} />
              <Tooltip cursor={{ fill: "var(--color-chart-cursor)" }} contentStyle={{ fontSize: 12 }} />
              {present.map((c) => (
                <Bar
                  key={c}
                  dataKey={c}
                  name={CATEGORY_STYLE[c].label}
                  stackId="events"
                  fill={CATEGORY_STYLE[c].color}
                  maxBarSize={40}
                  isAnimationActive={false}
                  // A click on a bar may land before the chart has tracked the pointer; the bar knows its day.
                  onClick={(bar) => select((bar.payload as { day?: unknown } | undefined)?.day)}
                >
                  {/* The picked day stands out; the others fade. */}
                  {data.map((d) => (
                    <Cell key={d.day} fillOpacity={params.day && params.day !== d.day ? 0.35 : 1} />
                  ))}
                </Bar>
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </Card>
  );
}
