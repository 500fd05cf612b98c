import { EventLink, ResourceLink } from "@/components/links";
import { Timestamp } from "@/components/time/timestamp";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/class-names";
import type { PrimaryView } from "@/lib/resources/types";

/** "Which node was primary at 03:12?": each shard's primary from when, marking those in effect at the page's instant. */
export function PrimariesPanel({ primaries, asOf }: { primaries: PrimaryView[]; asOf: string | null }) {
  if (primaries.length === 0) return null;
  const rows = [...primaries].reverse();
  return (
    <Card aria-labelledby="primaries-heading" data-testid="primaries">
      <h2 id="primaries-heading" className="mb-2 text-base font-semibold">
        Primary per shard
      </h2>
      <p className="mb-2 text-xs text-slate-500">
        From create and later responses that report roles, TestFailover and primaryClusterId changes. Highlighted:{" "}
        {asOf ? (
          <>
            in effect at <Timestamp iso={asOf} />
          </>
        ) : (
          "in effect now"
        )}
        .
      </p>
      <ol aria-label="Primaries, newest first" className="divide-y divide-slate-100 text-sm">
        {rows.map((p) => (
          <li
            key={`${p.eventId}-${p.shard}`}
            data-testid="primary-row"
            data-current={p.current || undefined}
            className={cx("flex flex-wrap items-baseline gap-x-3 gap-y-0.5 px-2 py-1.5", p.current && "bg-indigo-50")}
          >
            <span className="w-16 shrink-0 font-mono text-xs text-slate-500">
              {p.shard ? `shard ${p.shard}` : "single"}
            </span>
            <span>
              {p.clusterId ? <ResourceLink resource={p.clusterId} /> : <span className="text-slate-500">unknown</span>}
              {p.current && (
                <Badge shape="note" tone="info" className="ml-2">
                  {asOf ? "then" : "now"}
                </Badge>
              )}
            </span>
            <span className="whitespace-nowrap text-xs text-slate-600">
              from <Timestamp iso={p.from} />
            </span>
            <span className="text-xs text-slate-600">
              <EventLink eventId={p.eventId}>{p.eventName}</EventLink>
              {p.actorName ? ` by ${p.actorName}` : ""}
              {p.note ? ` — ${p.note}` : ""}
            </span>
          </li>
        ))}
      </ol>
    </Card>
  );
}
