"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Timestamp } from "@/components/time/timestamp";
import { ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { eventsPageUrl } from "@/lib/events/filters";
import { formatCount, formatSize, plural } from "@/lib/format/numbers";
import { formatDuration } from "@/lib/format/time";
import { fetchRunDetail } from "@/lib/run-history/api-client";
import { ingestionKeys } from "@/lib/run-history/query-keys";
import { FILE_OUTCOMES, SOURCE_KINDS_SHOWN } from "@/lib/run-history/labels";
import type { RunDetail, RunFilesQuery } from "@/lib/run-history/schemas";
import { RunStatusBadge } from "./badges";
import { ChangedResourceItem } from "./changed-resource-item";
import { RunFiles } from "./run-files";

/** One run: what, when, how it went, what it changed, and each of its files. */
export function RunDetailView({ runId, filesQuery }: { runId: string; filesQuery: RunFilesQuery }) {
  const { data } = useQuery({
    queryKey: ingestionKeys.detail(runId, filesQuery),
    queryFn: ({ signal }) => fetchRunDetail(runId, filesQuery, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.run.status === "running" ? 2000 : false),
  });
  if (!data) return null;
  const { run } = data;
  return (
    <div className="space-y-6">
      <Card aria-label="Run summary" padding="lg">
        <div className="flex flex-wrap items-center gap-3">
          <RunStatusBadge status={run.status} />
          <span className="min-w-0 text-sm text-slate-700 [overflow-wrap:anywhere]" title={run.source.name}>
            {sourceLabel(run.source)}
          </span>
          {run.stored > 0 && (
            <ButtonLink href={eventsPageUrl({ run: run.id })} variant="primary" size="lg" className="ml-auto">
              View the {formatCount(run.stored)} new {run.stored === 1 ? "event" : "events"}
            </ButtonLink>
          )}
        </div>
        {run.error && <p className="mt-3 text-sm text-rose-700 [overflow-wrap:anywhere]">{run.error}</p>}
        <RunFacts detail={data} />
      </Card>
      <ChangedResources detail={data} />
      <RunFiles runId={runId} detail={data} filesQuery={filesQuery} />
    </div>
  );
}

/** "S3 sync · my-trail-bucket"; just "Browser upload" when the name says the same. */
function sourceLabel(source: { kind: string; name: string }): string {
  const kind = SOURCE_KINDS_SHOWN[source.kind] ?? source.kind;
  return kind.toLowerCase() === source.name.toLowerCase() ? kind : `${kind} · ${source.name}`;
}

function RunFacts({ detail }: { detail: RunDetail }) {
  const { run, outcomes } = detail;
  const breakdown = Object.entries(outcomes)
    .map(([outcome, n]) => `${formatCount(n)} ${(FILE_OUTCOMES[outcome]?.label ?? outcome).toLowerCase()}`)
    .join(", ");
  const facts: [string, React.ReactNode][] = [
    ["Started", <Timestamp key="s" iso={run.startedAt} />],
    ["Finished", run.finishedAt ? <Timestamp key="f" iso={run.finishedAt} /> : "not yet"],
    ["Duration", run.durationMs === null ? "—" : formatDuration(run.durationMs)],
    ["Who", run.triggeredBy ?? "— (not recorded: npm run ingest, or before sign-in existed)"],
    ["Files", `${formatCount(run.fileCount)}${breakdown ? ` (${breakdown})` : ""}`],
    ["Size", formatSize(run.bytes)],
    ["Records read", formatCount(run.recordsRead)],
    ["New events", formatCount(run.stored)],
    ["Already stored", formatCount(run.duplicates)],
    ["Other services (skipped)", formatCount(run.skipped)],
    ["Rejected records", formatCount(run.rejected)],
  ];
  return (
    <dl className="mt-4 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
      {facts.map(([label, value]) => (
        <div key={label}>
          <dt className="text-xs text-slate-500">{label}</dt>
          <dd className="mt-0.5 tabular-nums text-slate-800">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function ChangedResources({ detail }: { detail: RunDetail }) {
  const { changedResources, touchedResources, run } = detail;
  if (run.stored === 0) return null;
  return (
    <Card aria-label="Clusters that changed" padding="lg">
      <h2 className="text-sm font-semibold text-slate-800">Clusters that changed</h2>
      {changedResources.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">
          None: the new events {touchedResources > 0 ? `name ${plural(touchedResources, "resource")} but ` : ""}are
          reads or failed calls.
        </p>
      ) : (
        <ul className="mt-2 grid gap-1 text-sm sm:grid-cols-2 lg:grid-cols-3">
          {changedResources.map((r) => (
            <ChangedResourceItem key={`${r.accountId}/${r.region}/${r.kind}/${r.resourceId}`} resource={r} />
          ))}
        </ul>
      )}
    </Card>
  );
}
