import { ActorLink, ResourceLink } from "@/components/links";
import { Timestamp } from "@/components/time/timestamp";
import { SortHeader } from "@/components/ui/sort-header";
import { Table, TableBody, TableCard, TableHead, Td, Th } from "@/components/ui/table";
import { formatCount, plural } from "@/lib/format/numbers";
import { kindInfo } from "@/lib/resources/kinds";
import { resourceListHref, sortDirection, type ListSort, type ResourceListParams } from "@/lib/resources/list-params";
import type { ResourceListRow } from "@/lib/resources/types";
import { StatusBadge } from "./status-badge";

/** A header sorting the list by `sort`. */
function Sort(props: { params: ResourceListParams; sort: ListSort; children: React.ReactNode; className?: string }) {
  const { params, ...rest } = props;
  return (
    <SortHeader
      {...rest}
      current={params.sort}
      dir={sortDirection(params)}
      href={(next) => resourceListHref({ ...params, ...next, page: 1 })}
    />
  );
}

export function ResourceTable({ rows, params }: { rows: ResourceListRow[]; params: ResourceListParams }) {
  return (
    <TableCard>
      <Table className="divide-y divide-slate-200">
        <TableHead>
          <tr>
            <Sort params={params} sort="id">
              Resource
            </Sort>
            <Th className="hidden md:table-cell">Account / region</Th>
            <Th className="hidden sm:table-cell">Engine</Th>
            <Th>Status</Th>
            <Sort params={params} sort="firstSeen" className="hidden lg:table-cell">
              First seen
            </Sort>
            <Sort params={params} sort="lastSeen" className="hidden sm:table-cell">
              Last seen
            </Sort>
            <Sort params={params} sort="changes" className="hidden text-right sm:table-cell">
              Changes
            </Sort>
            <Sort params={params} sort="lastChange" className="hidden sm:table-cell">
              Last changed by
            </Sort>
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
