"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card } from "@/components/ui/card";
import type { ActorDetail } from "@/lib/actors/types";
import { formatCount } from "@/lib/format/numbers";

/** An actor's calls per day (or week), failures stacked on top; a bar opens that bucket's events. */
export function ActorActivityChart({
  activity,
  bucketHrefs,
}: {
  activity: ActorDetail["activity"];
  /** The events of each bucket, by its start ("2025-01-06"). */
  bucketHrefs: Record<string, string>;
}) {
  const router = useRouter();
  const data = activity.points.map((p) => ({ start: p.start, succeeded: p.events - p.failures, failed: p.failures }));
  const total = activity.points.reduce((n, p) => n + p.events, 0);
  const open = (start: unknown) => {
    const href = typeof start === "string" ? bucketHrefs[start] : undefined;
    if (href) router.push(href);
  };
  return (
    <Card aria-labelledby="actor-activity-heading">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="actor-activity-heading" className="text-base font-semibold">
          Activity{" "}
          <span className="text-sm font-normal text-slate-500">
            {formatCount(total)} events, per UTC {activity.bucket}
          </span>
        </h2>
        <ul className="flex gap-3 text-xs text-slate-600" aria-label="Legend">
          <li className="flex items-center gap-1">
            <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-sm bg-actors-calls" />
            Succeeded
          </li>
          <li className="flex items-center gap-1">
            <span aria-hidden className="inline-block h-2.5 w-2.5 rounded-sm bg-failure" />
            Failed
          </li>
        </ul>
      </div>
      <div className="h-48 w-full" data-testid="actor-activity-chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={data}
            margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
            onClick={(state) => open(state.activeLabel)}
            className="cursor-pointer"
          >
            <CartesianGrid vertical={false} stroke="var(--color-chart-grid)" />
            <XAxis dataKey="start" tick={{ fontSize: 11, fill: "var(--color-slate-600)" }} minTickGap={24} />
            <YAxis
              allowDecimals={false}
              // The axis ends at the tallest bar: 3 calls do not get a scale up to 4.
              domain={[0, "dataMax"]}
              width={48}
              tick={{ fontSize: 11, fill: "var(--color-slate-600)" }}
              tickFormatter={(v: number) => formatCount(v)}
            />
            <Tooltip cursor={{ fill: "var(--color-chart-cursor)" }} contentStyle={{ fontSize: 12 }} />
            <Bar
              dataKey="succeeded"
              name="Succeeded"
              stackId="calls"
              fill="var(--color-actors-calls)"
              maxBarSize={40}
              isAnimationActive={false}
              onClick={(bar) => open((bar.payload as { start?: unknown } | undefined)?.start)}
            />
            <Bar
              dataKey="failed"
              name="Failed"
              stackId="calls"
              fill="var(--color-failure)"
              maxBarSize={40}
              isAnimationActive={false}
              onClick={(bar) => open((bar.payload as { start?: unknown } | undefined)?.start)}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </Card>
  );
}
