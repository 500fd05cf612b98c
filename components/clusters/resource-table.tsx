import Link from "next/link";
import { ActorLink, ResourceLink } from "@/components/links";
import { Timestamp } from "@/components/time/timestamp";
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
    <th
      scope="col"
      aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"}
      className={`px-3 py-2 font-medium ${className}`}
    >
      <Link
        href={resourceListHref({ ...params, ...next, page: 1 })}
        className="inline-flex items-center gap-1 hover:text-slate-900"
      >
        {children}
        <span aria-hidden className={active ? "text-indigo-600" : "text-slate-300"}>
          {active && dir === "asc" ? "▲" : "▼"}
        </span>
      </Link>
    </th>
  );
}

export function ResourceTable({ rows, params }: { rows: ResourceListRow[]; params: ResourceListParams }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <SortHeader params={params} sort="id">
              Resource
            </SortHeader>
            <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
              Account / region
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">
              Engine
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Status
            </th>
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
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((r) => (
            <tr
              key={`${r.key.accountId}/${r.key.region}/${r.key.kind}/${r.key.resourceId}`}
              className="hover:bg-slate-50"
            >
              <td className="max-w-72 px-3 py-2 [overflow-wrap:anywhere]">
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
                  {r.changeCount.toLocaleString("en-US")} changes
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
              </td>
              <td className="hidden px-3 py-2 text-slate-600 md:table-cell">
                <div className="font-mono text-xs">{r.key.accountId}</div>
                <div className="text-xs">{r.key.region || "global"}</div>
              </td>
              <td className="hidden px-3 py-2 sm:table-cell">
                {r.engine ?? <span className="text-slate-400">—</span>}
                {r.engineVersion && <span className="text-slate-500"> {r.engineVersion}</span>}
              </td>
              <td className="px-3 py-2">
                <StatusBadge status={r.status} />
              </td>
              <td className="hidden px-3 py-2 text-slate-600 lg:table-cell">
                <Timestamp iso={r.firstSeen} withSeconds={false} />
              </td>
              <td className="hidden px-3 py-2 text-slate-600 sm:table-cell">
                <Timestamp iso={r.lastSeen} withSeconds={false} />
              </td>
              <td
                className="hidden px-3 py-2 text-right tabular-nums sm:table-cell"
                title={`${r.eventCount.toLocaleString("en-US")} events in all`}
              >
                {r.changeCount.toLocaleString("en-US")}
              </td>
              <td className="hidden max-w-56 break-words px-3 py-2 sm:table-cell">
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
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
