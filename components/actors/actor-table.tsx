import Link from "next/link";
import { ActorLink } from "@/components/links";
import { Timestamp } from "@/components/time/timestamp";
import { Table, TableBody, TableCard, TableHead, Td, Th } from "@/components/ui/table";
import { identityTypeLabel } from "@/lib/actors/labels";
import { actorListHref, actorSortDirection, type ActorListParams, type ActorSort } from "@/lib/actors/list-params";
import type { ActorRow } from "@/lib/actors/types";
import { formatCount, plural } from "@/lib/format/numbers";

function SortHeader({
  params,
  sort,
  children,
  className = "",
}: {
  params: ActorListParams;
  sort: ActorSort;
  children: React.ReactNode;
  className?: string;
}) {
  const active = params.sort === sort;
  const dir = actorSortDirection(params);
  // Clicking the active column flips it; another column starts in its natural direction.
  const next = active ? { sort, dir: dir === "asc" ? ("desc" as const) : ("asc" as const) } : { sort, dir: undefined };
  return (
    <Th aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"} className={className}>
      <Link
        href={actorListHref({ ...params, ...next, page: 1 })}
        className="inline-flex items-center gap-1 hover:text-slate-900"
      >
        {children}
        <span aria-hidden className={active ? "text-indigo-600" : "text-slate-300"}>
          {active && dir === "asc" ? "▲" : "▼"}
        </span>
      </Link>
    </Th>
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
            <SortHeader params={params} sort="name">
              Actor
            </SortHeader>
            <Th className="hidden md:table-cell">Identity type</Th>
            <Th className="hidden lg:table-cell">Account</Th>
            <SortHeader params={params} sort="events" className="text-right">
              Events
            </SortHeader>
            <SortHeader params={params} sort="writes" className="hidden text-right sm:table-cell">
              Writes
            </SortHeader>
            <SortHeader params={params} sort="failures" className="hidden text-right sm:table-cell">
              Failures
            </SortHeader>
            <Th className="hidden text-right xl:table-cell" title="Distinct source IPs">
              IPs
            </Th>
            <Th className="hidden text-right xl:table-cell" title="Distinct user agents">
              Agents
            </Th>
            <SortHeader params={params} sort="firstSeen" className="hidden lg:table-cell">
              First seen
            </SortHeader>
            <SortHeader params={params} sort="lastSeen" className="hidden md:table-cell">
              Last seen
            </SortHeader>
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
