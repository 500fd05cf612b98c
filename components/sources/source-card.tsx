"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { RunStatusBadge } from "@/components/ingestions/badges";
import { Timestamp } from "@/components/time/timestamp";
import { formatCount, formatSize } from "@/lib/format/numbers";
import type { SourceView } from "@/lib/sources/schemas";
import { ingestionUrl } from "@/lib/urls";
import { removeSource, sourceKeys, syncSource, testSource, updateSource } from "@/lib/sources/api-client";
import { ConnectionReport } from "./connection-report";
import { FailedObjects } from "./failed-objects";
import { SourceForm } from "./source-form";
import { SourceStatusBadge } from "./status-badge";
import { SyncProgress } from "./sync-progress";

const button =
  "rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60";

export function SourceCard({
  source,
  defaultStartDate,
  secretKeyConfigured,
  canManage,
}: {
  source: SourceView;
  defaultStartDate: string;
  secretKeyConfigured: boolean;
  /** Admins test, sync, pause, edit and remove; others only look (the API refuses them too). */
  canManage: boolean;
}) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: sourceKeys.all });
  const test = useMutation({ mutationFn: () => testSource(source.id) });
  const sync = useMutation({ mutationFn: () => syncSource(source.id), onSettled: refresh });
  // "Sync queued" stays until a newer run than the one before the click shows up.
  const [lastRunAtRequest, setLastRunAtRequest] = useState<string | null>(null);
  const pause = useMutation({
    mutationFn: () => updateSource(source.id, { paused: !source.paused }),
    onSettled: refresh,
  });
  const remove = useMutation({ mutationFn: () => removeSource(source.id), onSettled: refresh });

  const where = `s3://${source.bucket}/${source.prefix}${source.endpoint ? ` at ${source.endpoint}` : ""}`;
  const actionError = [sync, pause, remove].find((m) => m.isError)?.error;

  return (
    <article
      id={`source-${source.id}`}
      aria-label={source.name}
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 className="flex items-center gap-2 text-lg font-semibold text-slate-800">
            {source.name} <SourceStatusBadge status={source.status} />
          </h2>
          <p className="break-all font-mono text-xs text-slate-500">{where}</p>
          <p className="mt-1 text-xs text-slate-500">
            {source.startDate ? `From ${source.startDate}` : "Everything"} ·{" "}
            {source.accounts.length ? source.accounts.join(", ") : "every account"} ·{" "}
            {source.awsRegions.length ? source.awsRegions.join(", ") : "every region"} · every {source.intervalMinutes}{" "}
            min ·{" "}
            {source.credentials.mode === "keys"
              ? `access key ${source.credentials.accessKeyHint}`
              : "server credentials"}
            {source.credentials.roleArn ? ` as ${source.credentials.roleArn}` : ""}
          </p>
        </div>
        {canManage && (
          <div className="flex flex-wrap gap-2">
            <button type="button" className={button} disabled={test.isPending} onClick={() => test.mutate()}>
              {test.isPending ? "Testing…" : "Test connection"}
            </button>
            <button
              type="button"
              className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60"
              disabled={sync.isPending || source.status === "syncing"}
              onClick={() => {
                setLastRunAtRequest(source.lastSync?.runId ?? null);
                sync.mutate();
              }}
            >
              Sync now
            </button>
            <button type="button" className={button} disabled={pause.isPending} onClick={() => pause.mutate()}>
              {source.paused ? "Resume" : "Pause"}
            </button>
            <button type="button" className={button} onClick={() => setEditing(!editing)}>
              Edit
            </button>
            <button
              type="button"
              className={button}
              disabled={remove.isPending}
              onClick={() => {
                if (window.confirm(`Remove ${source.name}? Its runs and events stay.`)) remove.mutate();
              }}
            >
              Remove
            </button>
          </div>
        )}
      </header>

      {editing && (
        <SourceForm
          source={source}
          defaultStartDate={defaultStartDate}
          secretKeyConfigured={secretKeyConfigured}
          onDone={() => setEditing(false)}
        />
      )}
      {test.data && <ConnectionReport report={test.data} />}
      {test.isError && <p className="text-sm text-rose-700">{test.error.message}</p>}
      {sync.data && (source.lastSync?.runId ?? null) === lastRunAtRequest && (
        <p className="text-sm text-slate-600">{sync.data.message}</p>
      )}
      {actionError && (
        <p role="alert" className="text-sm text-rose-700">
          {actionError.message}
        </p>
      )}
      {source.lastError && (
        <p role="alert" className="rounded-md bg-rose-50 p-2 text-sm text-rose-800">
          {source.lastError}
        </p>
      )}
      {source.progress && <SyncProgress progress={source.progress} />}

      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <dt className="text-xs text-slate-500">Last sync</dt>
          <dd className="flex flex-wrap items-center gap-2">
            {source.lastSync ? (
              <>
                <Link className="text-indigo-700 hover:underline" href={ingestionUrl(source.lastSync.runId)}>
                  <Timestamp iso={source.lastSync.startedAt} withSeconds={false} />
                </Link>
                <RunStatusBadge status={source.lastSync.status} />
              </>
            ) : (
              "never"
            )}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Next sync</dt>
          <dd>
            {source.paused ? (
              "paused"
            ) : source.nextSyncAt ? (
              <Timestamp iso={source.nextSyncAt} withSeconds={false} />
            ) : (
              "soon"
            )}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Objects read</dt>
          <dd className="tabular-nums">
            {formatCount(source.objects.done)} ({formatSize(source.objects.bytesDone)})
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Events stored</dt>
          <dd className="tabular-nums">{formatCount(source.eventsStored)}</dd>
        </div>
      </dl>

      {source.objects.failed > 0 && (
        <details>
          <summary className="cursor-pointer text-sm font-medium text-rose-700">
            {formatCount(source.objects.failed)} failed object{source.objects.failed === 1 ? "" : "s"}
          </summary>
          <FailedObjects sourceId={source.id} count={source.objects.failed} />
        </details>
      )}
    </article>
  );
}
