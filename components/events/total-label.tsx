import type { EventTotal } from "@/lib/events/types";
import { formatCount } from "@/lib/format/numbers";

/** "734 events", "1,000+ events (about 1,050,000)", "about 52,000 events": exact only when it is. */
export function describeTotal(total: EventTotal): string {
  const noun = (value: number) => (value === 1 ? "event" : "events");
  switch (total.kind) {
    case "exact":
      return `${formatCount(total.value)} ${noun(total.value)}`;
    case "atLeast":
      return `${formatCount(total.value)}+ events${total.estimate ? ` (about ${formatCount(total.estimate)})` : ""}`;
    case "estimate":
      return `about ${formatCount(total.value)} events`;
  }
}

export function TotalLabel({ total }: { total: EventTotal }) {
  const exact = total.kind === "exact";
  return (
    <span
      className="text-sm font-medium tabular-nums text-slate-700"
      title={
        exact
          ? "Exact count"
          : `Counting stops at ${formatCount(total.value)} matches; beyond that PostgreSQL estimates`
      }
      data-testid="event-total"
    >
      {describeTotal(total)}
    </span>
  );
}
