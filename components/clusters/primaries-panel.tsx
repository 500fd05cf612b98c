import { EventLink, ResourceLink } from "@/components/links";
import { Timestamp } from "@/components/time/timestamp";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
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
      <div className="overflow-x-auto">
        <Table compact>
          <TableHead compact>
            <tr>
              <Th compact>Shard</Th>
              <Th compact>Primary</Th>
              <Th compact>From</Th>
              <Th compact>By</Th>
            </tr>
          </TableHead>
          <TableBody compact>
            {rows.map((p) => (
              <tr
                key={`${p.eventId}-${p.shard}`}
                data-testid="primary-row"
                data-current={p.current || undefined}
                className={p.current ? "bg-indigo-50" : undefined}
              >
                <Td compact className="font-mono">
                  {p.shard || "single"}
                </Td>
                <Td compact>
                  {p.clusterId ? (
                    <ResourceLink resource={p.clusterId} />
                  ) : (
                    <span className="text-slate-500">unknown</span>
                  )}
                  {p.current && (
                    <Badge shape="note" tone="info" className="ml-2">
                      {asOf ? "then" : "now"}
                    </Badge>
                  )}
                </Td>
                <Td compact className="whitespace-nowrap text-xs">
                  <Timestamp iso={p.from} />
                </Td>
                <Td compact className="text-xs">
                  <EventLink eventId={p.eventId}>{p.eventName}</EventLink>
                  {p.actorName ? ` by ${p.actorName}` : ""}
                  {p.note ? <span className="text-slate-500"> — {p.note}</span> : null}
                </Td>
              </tr>
            ))}
          </TableBody>
        </Table>
      </div>
    </Card>
  );
}
