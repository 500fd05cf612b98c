import type { EventTotal } from "@/lib/events/types";

const n = (value: number) => value.toLocaleString("en-US");

/** "734 events", "1,000+ events (about 1,050,000)", "about 52,000 events": exact only when it is. */
export function describeTotal(total: EventTotal): string {
  const noun = (value: number) => (value === 1 ? "event" : "events");
  switch (total.kind) {
    case "exact":
      return `${n(total.value)} ${noun(total.value)}`;
    case "atLeast":
      return `${n(total.value)}+ events${total.estimate ? ` (about ${n(total.estimate)})` : ""}`;
    case "estimate":
      return `about ${n(total.value)} events`;
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
          : `Counting stops at ${total.value.toLocaleString("en-US")} matches; beyond that PostgreSQL estimates`
      }
      data-testid="event-total"
    >
      {describeTotal(total)}
    </span>
  );
}
