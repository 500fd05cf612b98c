"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Timestamp } from "@/components/time/timestamp";
import { fetchRuns, ingestionKeys } from "@/lib/run-history/api-client";
import { formatCount, formatSize } from "@/lib/format/numbers";
import { formatDuration } from "@/lib/format/time";
import { RUN_STATUSES, SOURCE_KINDS_SHOWN } from "@/lib/run-history/labels";
import { runStatusSchema, sourceKindSchema } from "@/lib/ingest/run-summary";
import { runListSearch, type RunListQuery, type RunSummary } from "@/lib/run-history/schemas";
import { ingestionUrl } from "@/lib/urls";
import { RunStatusBadge } from "./badges";

/** Every run, newest first; refreshes itself while one is running. */
export function RunsTable({ query }: { query: RunListQuery }) {
  const { data, isFetching, isError, error } = useQuery({
    queryKey: ingestionKeys.list(query),
    queryFn: ({ signal }) => fetchRuns(query, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.runs.some((r) => r.status === "running") ? 2000 : false),
  });
  const runs = data?.runs ?? [];
  return (
    <section aria-label="Ingestion runs" className="space-y-3">
      <RunFilters query={query} busy={isFetching} />
      {isError && <p className="text-sm text-rose-700">Could not load the runs: {error.message}</p>}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="min-w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-2">
                Run
              </th>
              <th scope="col" className="px-3 py-2">
                Started
              </th>
              <th scope="col" className="px-3 py-2">
                Source
              </th>
              <th scope="col" className="px-3 py-2">
                Who
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Files
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Size
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                New events
              </th>
              <th scope="col" className="px-3 py-2">
                Other records
              </th>
              <th scope="col" className="px-3 py-2 text-right">
                Duration
              </th>
              <th scope="col" className="px-3 py-2">
                Status
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {runs.map((run) => (
              <RunRow key={run.id} run={run} />
            ))}
            {runs.length === 0 && (
              <tr>
                <td colSpan={10} className="px-3 py-8 text-center text-slate-500">
                  No run matches these filters.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pages of runs" className="flex justify-between text-sm">
        {query.before ? (
          <Link
            href={`/ingestions${runListSearch({ ...query, before: undefined })}`}
            className="text-indigo-700 hover:underline"
          >
            ← Newest runs
          </Link>
        ) : (
          <span />
        )}
        {data?.nextBefore && (
          <Link
            href={`/ingestions${runListSearch({ ...query, before: data.nextBefore })}`}
            className="text-indigo-700 hover:underline"
          >
            Older runs →
          </Link>
        )}
      </nav>
    </section>
  );
}

function RunRow({ run }: { run: RunSummary }) {
  return (
    <tr className="hover:bg-slate-50">
      <td className="px-3 py-2">
        <Link href={ingestionUrl(run.id)} className="font-medium text-indigo-700 hover:underline">
          #{run.id}
        </Link>
      </td>
      <td className="px-3 py-2">
        <Timestamp iso={run.startedAt} />
      </td>
      <td className="px-3 py-2">
        <span className="text-slate-800">{SOURCE_KINDS_SHOWN[run.source.kind] ?? run.source.kind}</span>
        {run.source.name.toLowerCase() !== (SOURCE_KINDS_SHOWN[run.source.kind] ?? "").toLowerCase() && (
          <span className="block text-xs text-slate-500">{run.source.name}</span>
        )}
      </td>
      <td className="px-3 py-2 text-slate-500" title={run.triggeredBy ? undefined : "Recorded once sign-in exists"}>
        {run.triggeredBy ?? "—"}
      </td>
      <td className="px-3 py-2 text-right tabular-nums">
        {formatCount(run.fileCount)}
        {run.failedFiles > 0 && (
          <span className="block text-xs text-rose-700">{formatCount(run.failedFiles)} failed</span>
        )}
        {run.notIngestedFiles > 0 && (
          <span className="block text-xs text-rose-700">{formatCount(run.notIngestedFiles)} not ingested</span>
        )}
      </td>
      <td className="px-3 py-2 text-right tabular-nums">{formatSize(run.bytes)}</td>
      <td className="px-3 py-2 text-right font-medium tabular-nums">{formatCount(run.stored)}</td>
      <td className="px-3 py-2 text-xs text-slate-600">
        {[
          run.duplicates && `${formatCount(run.duplicates)} already stored`,
          run.skipped && `${formatCount(run.skipped)} other services`,
          run.rejected && `${formatCount(run.rejected)} rejected`,
        ]
          .filter(Boolean)
          .join(" · ") || "—"}
      </td>
      <td className="px-3 py-2 text-right tabular-nums">
        {run.durationMs === null ? "—" : formatDuration(run.durationMs)}
      </td>
      <td className="px-3 py-2">
        <RunStatusBadge status={run.status} />
      </td>
    </tr>
  );
}

function RunFilters({ query, busy }: { query: RunListQuery; busy: boolean }) {
  const router = useRouter();
  const go = (next: Partial<RunListQuery>) =>
    router.push(`/ingestions${runListSearch({ ...query, ...next, before: undefined })}`);
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm" aria-busy={busy}>
      <label className="flex items-center gap-2">
        <span className="text-slate-600">Source</span>
        <select
          value={query.source ?? ""}
          onChange={(e) => go({ source: (e.target.value || undefined) as RunListQuery["source"] })}
          className="rounded-md border border-slate-300 bg-white px-2 py-1"
        >
          <option value="">All</option>
          {sourceKindSchema.options.map((kind) => (
            <option key={kind} value={kind}>
              {SOURCE_KINDS_SHOWN[kind]}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-2">
        <span className="text-slate-600">Status</span>
        <select
          value={query.status ?? ""}
          onChange={(e) => go({ status: (e.target.value || undefined) as RunListQuery["status"] })}
          className="rounded-md border border-slate-300 bg-white px-2 py-1"
        >
          <option value="">All</option>
          {runStatusSchema.options.map((status) => (
            <option key={status} value={status}>
              {RUN_STATUSES[status]?.label ?? status}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
