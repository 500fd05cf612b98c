import type { EventTotal } from "@/lib/events/types";
import { formatCount, plural } from "@/lib/format/numbers";

/** "734 events", "1,000+ events (about 1,050,000)", "about 52,000 events": exact only when it is. */
export function describeTotal(total: EventTotal): string {
  switch (total.kind) {
    case "exact":
      return plural(total.value, "event");
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
