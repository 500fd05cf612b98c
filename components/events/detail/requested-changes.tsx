import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card, SectionLabel } from "@/components/ui/card";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { formatValue } from "@/lib/history";
import type { RequestedChange } from "@/lib/events/requested-changes";

// What the call asked for next to what the response reports, so "asked for 3 nodes" is
// never mistaken for "has 3 nodes" while AWS is still applying it.

const STATUS_TONE: Record<RequestedChange["status"], BadgeTone> = {
  applied: "good",
  pending: "warn",
  requested: "neutral",
};

const shown = (v: unknown) => (v === undefined ? <span className="text-slate-400">not reported</span> : formatValue(v));

export function RequestedChanges({ changes }: { changes: RequestedChange[] }) {
  return (
    <Card aria-labelledby="requested-heading">
      <SectionLabel id="requested-heading">Requested vs. reported</SectionLabel>
      <p className="mb-2 mt-1 text-xs text-slate-500">
        The values this call asked for, and what its response says is in effect or pending.
      </p>
      <div className="overflow-x-auto">
        <Table compact>
          <TableHead compact>
            <tr>
              <Th compact>Field</Th>
              <Th compact>Requested</Th>
              {/* Narrow screens: the result says both ("2 → 3 pending"), so these two columns go. */}
              <Th compact className="hidden sm:table-cell">
                Response reports
              </Th>
              <Th compact className="hidden sm:table-cell">
                Pending
              </Th>
              <Th compact>Result</Th>
            </tr>
          </TableHead>
          <TableBody compact>
            {changes.map((c) => (
              <tr key={`${c.field}|${c.status}`} className="align-top" data-field={c.field}>
                <Td compact className="font-mono text-xs [overflow-wrap:anywhere]">
                  {c.field}
                </Td>
                <Td compact className="font-mono text-xs">
                  {shown(c.requested)}
                </Td>
                <Td compact className="hidden font-mono text-xs sm:table-cell">
                  {shown(c.reported)}
                </Td>
                <Td compact className="hidden font-mono text-xs sm:table-cell">
                  {c.pending === undefined ? "—" : formatValue(c.pending)}
                </Td>
                <Td compact>
                  <Badge shape="tag" tone={STATUS_TONE[c.status]} data-testid="change-summary">
                    {c.summary}
                  </Badge>
                  {c.note && <span className="ml-2 text-xs text-slate-500">{c.note}</span>}
                </Td>
              </tr>
            ))}
          </TableBody>
        </Table>
      </div>
    </Card>
  );
}
