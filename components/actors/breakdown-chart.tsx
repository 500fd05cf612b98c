"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Card } from "@/components/ui/card";
import { formatCount } from "@/lib/format/numbers";

export interface BreakdownRow {
  label: string;
  events: number;
  /** A second line in the tooltip ("3 actors"). */
  note?: string;
  /** Where the bar and its label lead: the filtered events or actors it counts. */
  href: string;
}

const ROW_HEIGHT = 30;
const LABEL_CHARS = 24;

const shortened = (label: string) => (label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label);

/**
 * Events per category as horizontal bars, biggest first. Each label is a real link (Tab reaches
 * it, Enter follows it) and each bar clicks through to the same place.
 */
export function BreakdownChart({
  id,
  title,
  rows,
  color,
  empty,
  children,
}: {
  id: string;
  title: string;
  rows: BreakdownRow[];
  /** A theme token: var(--color-…). */
  color: string;
  empty: string;
  children?: React.ReactNode;
}) {
  const router = useRouter();
  const byLabel = new Map(rows.map((r) => [r.label, r]));
  return (
    <Card aria-labelledby={`${id}-heading`} className="min-w-0">
      <h2 id={`${id}-heading`} className="mb-2 text-base font-semibold">
        {title}
      </h2>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{empty}</p>
      ) : (
        <div style={{ height: rows.length * ROW_HEIGHT + 28 }} data-testid={`${id}-chart`}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} layout="vertical" margin={{ top: 0, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid horizontal={false} stroke="var(--color-chart-grid)" />
              <XAxis
                type="number"
                allowDecimals={false}
                // The axis ends at the longest bar: 5 calls do not get a scale up to 8.
                domain={[0, "dataMax"]}
                tick={{ fontSize: 11, fill: "var(--color-slate-600)" }}
                tickFormatter={(v: number) => formatCount(v)}
              />
              <YAxis
                type="category"
                dataKey="label"
                width={150}
                interval={0}
                tick={(props) => {
                  const label = String(props.payload.value);
                  const row = byLabel.get(label);
                  return (
                    <a href={row?.href} aria-label={`${label}: ${formatCount(row?.events ?? 0)} events`}>
                      <title>{label}</title>
                      <text
                        x={Number(props.x) - 4}
                        y={Number(props.y)}
                        dy={4}
                        textAnchor="end"
                        fontSize={12}
                        fill="var(--color-indigo-700)"
                        className="hover:underline"
                      >
                        {shortened(label)}
                      </text>
                    </a>
                  );
                }}
              />
              <Tooltip
                cursor={{ fill: "var(--color-chart-cursor)" }}
                contentStyle={{ fontSize: 12 }}
                formatter={(value, _name, item) => {
                  const note = (item.payload as BreakdownRow).note;
                  return [`${formatCount(Number(value))} events${note ? ` · ${note}` : ""}`, null];
                }}
              />
              <Bar
                dataKey="events"
                fill={color}
                maxBarSize={18}
                isAnimationActive={false}
                className="cursor-pointer"
                onClick={(bar) => {
                  const href = (bar.payload as BreakdownRow | undefined)?.href;
                  if (href) router.push(href);
                }}
              />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      {children}
    </Card>
  );
}
