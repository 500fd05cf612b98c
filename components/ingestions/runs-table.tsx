"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Timestamp } from "@/components/time/timestamp";
import { fieldClasses } from "@/components/ui/field";
import { Table, TableBody, TableCard, TableHead, Td, Th } from "@/components/ui/table";
import { TextLink } from "@/components/ui/text-link";
import { describeError } from "@/lib/api/fetch-json";
import { formatCount, formatSize } from "@/lib/format/numbers";
import { formatDuration } from "@/lib/format/time";
import { runStatusSchema, sourceKindSchema } from "@/lib/ingest/run-summary";
import { fetchRuns } from "@/lib/run-history/api-client";
import { RUN_STATUSES, SOURCE_KINDS_SHOWN } from "@/lib/run-history/labels";
import { ingestionKeys } from "@/lib/run-history/query-keys";
import { ingestionsPageUrl, type RunListQuery, type RunSummary } from "@/lib/run-history/schemas";
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
      {isError && <p className="text-sm text-rose-700">Could not load the runs: {describeError(error)}</p>}
      <TableCard>
        <Table>
          <TableHead>
            <tr>
              <Th>Run</Th>
              <Th>Started</Th>
              <Th>Source</Th>
              <Th>Who</Th>
              <Th className="text-right">Files</Th>
              <Th className="text-right">Size</Th>
              <Th className="text-right">New events</Th>
              <Th>Other records</Th>
              <Th className="text-right">Duration</Th>
              <Th>Status</Th>
            </tr>
          </TableHead>
          <TableBody>
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
          </TableBody>
        </Table>
      </TableCard>
      <nav aria-label="Pages of runs" className="flex justify-between text-sm">
        {query.before ? (
          <TextLink href={ingestionsPageUrl({ ...query, before: undefined })}>← Newest runs</TextLink>
        ) : (
          <span />
        )}
        {data?.nextBefore && (
          <TextLink href={ingestionsPageUrl({ ...query, before: data.nextBefore })}>Older runs →</TextLink>
        )}
      </nav>
    </section>
  );
}

function RunRow({ run }: { run: RunSummary }) {
  return (
    <tr className="hover:bg-slate-50">
      <Td>
        <TextLink href={ingestionUrl(run.id)} className="font-medium">
          #{run.id}
        </TextLink>
      </Td>
      <Td>
        <Timestamp iso={run.startedAt} />
      </Td>
      <Td>
        <span className="text-slate-800">{SOURCE_KINDS_SHOWN[run.source.kind] ?? run.source.kind}</span>
        {run.source.name.toLowerCase() !== (SOURCE_KINDS_SHOWN[run.source.kind] ?? "").toLowerCase() && (
          <span className="block text-xs text-slate-500">{run.source.name}</span>
        )}
      </Td>
      <Td
        className="text-slate-500"
        title={run.triggeredBy ? undefined : "Not recorded: npm run ingest, or before sign-in existed"}
      >
        {run.triggeredBy ?? "—"}
      </Td>
      <Td className="text-right tabular-nums">
        {formatCount(run.fileCount)}
        {run.failedFiles > 0 && (
          <span className="block text-xs text-rose-700">{formatCount(run.failedFiles)} failed</span>
        )}
        {run.notIngestedFiles > 0 && (
          <span className="block text-xs text-rose-700">{formatCount(run.notIngestedFiles)} not ingested</span>
        )}
      </Td>
      <Td className="text-right tabular-nums">{formatSize(run.bytes)}</Td>
      <Td className="text-right font-medium tabular-nums">{formatCount(run.stored)}</Td>
      <Td className="text-xs text-slate-600">
        {[
          run.duplicates && `${formatCount(run.duplicates)} already stored`,
          run.skipped && `${formatCount(run.skipped)} other services`,
          run.rejected && `${formatCount(run.rejected)} rejected`,
        ]
          .filter(Boolean)
          .join(" · ") || "—"}
      </Td>
      <Td className="text-right tabular-nums">{run.durationMs === null ? "—" : formatDuration(run.durationMs)}</Td>
      <Td>
        <RunStatusBadge status={run.status} />
      </Td>
    </tr>
  );
}

function RunFilters({ query, busy }: { query: RunListQuery; busy: boolean }) {
  const router = useRouter();
  const go = (next: Partial<RunListQuery>) => router.push(ingestionsPageUrl({ ...query, ...next, before: undefined }));
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm" aria-busy={busy}>
      <label className="flex items-center gap-2">
        <span className="text-slate-600">Source</span>
        <select
          value={query.source ?? ""}
          onChange={(e) => go({ source: (e.target.value || undefined) as RunListQuery["source"] })}
          className={fieldClasses("sm")}
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
          className={fieldClasses("sm")}
        >
          <option value="">All</option>
          {runStatusSchema.options.map((status) => (
            <option key={status} value={status}>
              {RUN_STATUSES[status] ?? status}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
