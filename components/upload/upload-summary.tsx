"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ResourceLink } from "@/components/links";
import { fetchRunDetail, ingestionKeys } from "@/lib/run-history/api-client";
import { formatCount, plural } from "@/lib/format/numbers";
import { eventsPageUrl } from "@/lib/events/filters";
import type { UploadState } from "./upload-store";
import { ingestionUrl } from "@/lib/urls";

const HEADINGS = {
  done: "Upload finished",
  cancelled: "Upload cancelled",
  refused: "Upload refused",
  "network-error": "Upload interrupted",
} as const;

/** The end of an upload: what was stored, where to see it, what did not make it. */
export function UploadSummary({ upload, onReset }: { upload: UploadState; onReset: () => void }) {
  const results = upload.files.flatMap((f) => (f.result ? [f.result] : []));
  const stored = results.reduce((n, r) => n + r.stored, 0);
  const duplicates = results.reduce((n, r) => n + r.duplicates, 0);
  const failed = upload.files.filter((f) => f.phase === "too-large" || f.result?.outcome === "failed").length;
  const notIngested = upload.files.filter(
    (f) => f.phase === "not-ingested" || f.result?.outcome === "not-ingested",
  ).length;
  const partial = results.filter((r) => r.outcome === "partial").length;
  const runId = upload.runId;

  return (
    <section aria-label="Upload summary" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 className="text-lg font-semibold text-slate-900">{HEADINGS[upload.ending ?? "done"]}</h2>
      <p className="mt-1 text-sm text-slate-700" role="status">
        {formatCount(stored)} new {stored === 1 ? "event" : "events"} from {plural(results.length, "file")}
        {duplicates > 0 && ` · ${formatCount(duplicates)} already stored`}
        {partial > 0 && ` · ${plural(partial, "file")} partly ingested`}
        {failed > 0 && ` · ${plural(failed, "file")} failed`}
        {notIngested > 0 && ` · ${plural(notIngested, "file")} not ingested`}
      </p>
      {upload.error && <p className="mt-2 text-sm text-rose-700">{upload.error}</p>}

      <div className="mt-4 flex flex-wrap items-center gap-3">
        {runId && stored > 0 && (
          <Link
            href={eventsPageUrl({ run: runId })}
            className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500"
          >
            View the {formatCount(stored)} new {stored === 1 ? "event" : "events"}
          </Link>
        )}
        {runId && (
          <Link href={ingestionUrl(runId)} className="text-sm font-medium text-indigo-700 hover:underline">
            Details in the ingestion history
          </Link>
        )}
        <button
          type="button"
          onClick={onReset}
          className="ml-auto rounded-md border border-slate-300 px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50"
        >
          Upload more files
        </button>
      </div>
      {runId && stored > 0 && <ChangedClusters runId={runId} />}
    </section>
  );
}

function ChangedClusters({ runId }: { runId: string }) {
  const { data, isPending, isError } = useQuery({
    queryKey: ingestionKeys.detail(runId, { limit: 1 }),
    queryFn: ({ signal }) => fetchRunDetail(runId, { limit: 1 }, signal),
    staleTime: Infinity,
  });
  if (isPending) return <p className="mt-4 text-sm text-slate-500">Looking up the clusters that changed…</p>;
  if (isError) return null;
  const { changedResources, touchedResources } = data;
  if (changedResources.length === 0) {
    return (
      <p className="mt-4 text-sm text-slate-600">
        No cluster changed: the new events{" "}
        {touchedResources > 0 ? `name ${plural(touchedResources, "resource")} but ` : ""}are reads or failed calls.
      </p>
    );
  }
  return (
    <div className="mt-4">
      <h3 className="text-sm font-medium text-slate-800">Clusters that changed</h3>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {changedResources.map((r) => (
          <li key={`${r.accountId}/${r.region}/${r.kind}/${r.resourceId}`}>
            <ResourceLink resource={r} showKind />{" "}
            <span className="text-slate-500">({plural(r.changes, "change")})</span>
          </li>
        ))}
      </ul>
      {touchedResources > changedResources.length && (
        <p className="mt-1 text-xs text-slate-500">
          The new events also name {plural(touchedResources - changedResources.length, "other resource")}.
        </p>
      )}
    </div>
  );
}
