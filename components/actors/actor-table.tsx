import { ActorLink } from "@/components/links";
import { Timestamp } from "@/components/time/timestamp";
import { SortHeader } from "@/components/ui/sort-header";
import { Table, TableBody, TableCard, TableHead, Td, Th } from "@/components/ui/table";
import { identityTypeLabel } from "@/lib/actors/labels";
import { actorListHref, actorSortDirection, type ActorListParams, type ActorSort } from "@/lib/actors/list-params";
import type { ActorRow } from "@/lib/actors/types";
import { formatCount, plural } from "@/lib/format/numbers";

/** A header sorting the list by `sort`. */
function Sort(props: { params: ActorListParams; sort: ActorSort; children: React.ReactNode; className?: string }) {
  const { params, ...rest } = props;
  return (
    <SortHeader
      {...rest}
      current={params.sort}
      dir={actorSortDirection(params)}
      href={(next) => actorListHref({ ...params, ...next, page: 1 })}
    />
  );
}

const count = (n: number) => formatCount(n);

/** Principals, one per row; the name leads to the actor's page, every header sorts by its column. */
export function ActorTable({ rows, params }: { rows: ActorRow[]; params: ActorListParams }) {
  return (
    <TableCard>
      <Table className="divide-y divide-slate-200" aria-label="Actors">
        <TableHead>
          <tr>
            <Sort params={params} sort="name">
              Actor
            </Sort>
            <Th className="hidden md:table-cell">Identity type</Th>
            <Th className="hidden lg:table-cell">Account</Th>
            <Sort params={params} sort="events" className="text-right">
              Events
            </Sort>
            <Sort params={params} sort="writes" className="hidden text-right sm:table-cell">
              Writes
            </Sort>
            <Sort params={params} sort="failures" className="hidden text-right sm:table-cell">
              Failures
            </Sort>
            <Th className="hidden text-right xl:table-cell" title="Distinct source IPs">
              IPs
            </Th>
            <Th className="hidden text-right xl:table-cell" title="Distinct user agents">
              Agents
            </Th>
            <Sort params={params} sort="firstSeen" className="hidden lg:table-cell">
              First seen
            </Sort>
            <Sort params={params} sort="lastSeen" className="hidden md:table-cell">
              Last seen
            </Sort>
          </tr>
        </TableHead>
        <TableBody>
          {rows.map((a) => (
            <tr key={a.key} className="hover:bg-slate-50 focus-within:bg-indigo-50/40">
              <Td className="max-w-96 min-w-44">
                <ActorLink actorKey={a.key} name={a.name} type={a.type} />
                {a.arn && <div className="font-mono text-xs text-slate-500 [overflow-wrap:anywhere]">{a.arn}</div>}
                {/* Narrow screens: the columns hidden there fold in under the name. */}
                <div className="text-xs text-slate-500 md:hidden">
                  {identityTypeLabel(a.type)}
                  {a.accountId && <span className="font-mono"> · {a.accountId}</span>}
                  <span className="sm:hidden">
                    {" "}
                    · {plural(a.writeCount, "write")} · {plural(a.failureCount, "failure")}
                  </span>
                </div>
              </Td>
              <Td className="hidden md:table-cell">{identityTypeLabel(a.type)}</Td>
              <Td className="hidden font-mono lg:table-cell">{a.accountId ?? "—"}</Td>
              <Td className="text-right tabular-nums">{count(a.eventCount)}</Td>
              <Td className="hidden text-right tabular-nums sm:table-cell">{count(a.writeCount)}</Td>
              <Td
                className={`hidden text-right tabular-nums sm:table-cell ${a.failureCount > 0 ? "font-medium text-failure" : ""}`}
              >
                {count(a.failureCount)}
              </Td>
              <Td className="hidden text-right tabular-nums xl:table-cell">{count(a.sourceIpCount)}</Td>
              <Td className="hidden text-right tabular-nums xl:table-cell">{count(a.userAgentCount)}</Td>
              <Td className="hidden lg:table-cell">
                <Timestamp iso={a.firstSeen} />
              </Td>
              <Td className="hidden md:table-cell">
                <Timestamp iso={a.lastSeen} />
              </Td>
            </tr>
          ))}
        </TableBody>
      </Table>
    </TableCard>
  );
}
