import Link from "next/link";
import { ActorLink, ResourceLink } from "@/components/links";
import { Timestamp } from "@/components/time/timestamp";
import { Table, TableBody, TableCard, TableHead, Td, Th } from "@/components/ui/table";
import { formatCount, plural } from "@/lib/format/numbers";
import { kindInfo } from "@/lib/resources/kinds";
import { resourceListHref, sortDirection, type ListSort, type ResourceListParams } from "@/lib/resources/list-params";
import type { ResourceListRow } from "@/lib/resources/types";
import { StatusBadge } from "./status-badge";

function SortHeader({
  params,
  sort,
  children,
  className = "",
}: {
  params: ResourceListParams;
  sort: ListSort;
  children: React.ReactNode;
  className?: string;
}) {
  const active = params.sort === sort;
  const dir = sortDirection(params);
  // Clicking the active column flips it; another column starts in its natural direction.
  const next = active ? { sort, dir: dir === "asc" ? ("desc" as const) : ("asc" as const) } : { sort, dir: undefined };
  return (
    <Th aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"} className={className}>
      <Link
        href={resourceListHref({ ...params, ...next, page: 1 })}
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

export function ResourceTable({ rows, params }: { rows: ResourceListRow[]; params: ResourceListParams }) {
  return (
    <TableCard>
      <Table className="divide-y divide-slate-200">
        <TableHead>
          <tr>
            <SortHeader params={params} sort="id">
              Resource
            </SortHeader>
            <Th className="hidden md:table-cell">Account / region</Th>
            <Th className="hidden sm:table-cell">Engine</Th>
            <Th>Status</Th>
            <SortHeader params={params} sort="firstSeen" className="hidden lg:table-cell">
              First seen
            </SortHeader>
            <SortHeader params={params} sort="lastSeen" className="hidden sm:table-cell">
              Last seen
            </SortHeader>
            <SortHeader params={params} sort="changes" className="hidden text-right sm:table-cell">
              Changes
            </SortHeader>
            <SortHeader params={params} sort="lastChange" className="hidden sm:table-cell">
              Last changed by
            </SortHeader>
          </tr>
        </TableHead>
        <TableBody>
          {rows.map((r) => (
            <tr
              key={`${r.key.accountId}/${r.key.region}/${r.key.kind}/${r.key.resourceId}`}
              className="hover:bg-slate-50"
            >
              <Td className="max-w-72 [overflow-wrap:anywhere]">
                <div className="text-xs text-slate-500">{kindInfo(r.key.kind).singular}</div>
                <ResourceLink resource={r.key} />
                {/* Narrow screens: the columns hidden there fold in under the id. */}
                <div className="text-xs text-slate-500 md:hidden">
                  <span className="font-mono">{r.key.accountId}</span> · {r.key.region || "global"}
                  {r.engine && (
                    <span className="sm:hidden"> · {[r.engine, r.engineVersion].filter(Boolean).join(" ")}</span>
                  )}
                </div>
                <div className="text-xs text-slate-500 sm:hidden">
                  {plural(r.changeCount, "change")}
                  {r.lastChangedBy && (
                    <>
                      , last by{" "}
                      <ActorLink
                        actorKey={r.lastChangedBy.key}
                        name={r.lastChangedBy.name}
                        type={r.lastChangedBy.type}
                      />
                    </>
                  )}{" "}
                  · last seen <Timestamp iso={r.lastSeen} withSeconds={false} />
                </div>
              </Td>
              <Td className="hidden text-slate-600 md:table-cell">
                <div className="font-mono text-xs">{r.key.accountId}</div>
                <div className="text-xs">{r.key.region || "global"}</div>
              </Td>
              <Td className="hidden sm:table-cell">
                {r.engine ?? <span className="text-slate-400">—</span>}
                {r.engineVersion && <span className="text-slate-500"> {r.engineVersion}</span>}
              </Td>
              <Td>
                <StatusBadge status={r.status} />
              </Td>
              <Td className="hidden text-slate-600 lg:table-cell">
                <Timestamp iso={r.firstSeen} withSeconds={false} />
              </Td>
              <Td className="hidden text-slate-600 sm:table-cell">
                <Timestamp iso={r.lastSeen} withSeconds={false} />
              </Td>
              <Td
                className="hidden text-right tabular-nums sm:table-cell"
                title={`${plural(r.eventCount, "event")} in all`}
              >
                {formatCount(r.changeCount)}
              </Td>
              <Td className="hidden max-w-56 break-words sm:table-cell">
                {r.lastChangedBy ? (
                  <>
                    <ActorLink actorKey={r.lastChangedBy.key} name={r.lastChangedBy.name} type={r.lastChangedBy.type} />
                    {r.lastChangeAt && (
                      <div className="text-xs text-slate-500">
                        <Timestamp iso={r.lastChangeAt} withSeconds={false} />
                      </div>
                    )}
                  </>
                ) : (
                  <span className="text-slate-400">—</span>
                )}
              </Td>
            </tr>
          ))}
        </TableBody>
      </Table>
    </TableCard>
  );
}
