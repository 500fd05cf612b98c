"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { fetchSources, sourceKeys } from "@/lib/sources/api-client";
import { SourceCard } from "./source-card";
import { SourceForm } from "./source-form";

/** Every S3 source, live: refreshed every second while one syncs, so progress moves. */
export function SourcesPanel({
  defaultStartDate,
  secretKeyConfigured,
  canManage,
}: {
  defaultStartDate: string;
  secretKeyConfigured: boolean;
  /** Only admins add and manage sources. */
  canManage: boolean;
}) {
  const [adding, setAdding] = useState(false);
  const { data, isError, error } = useQuery({
    queryKey: sourceKeys.list(),
    queryFn: ({ signal }) => fetchSources(signal),
    // A queued "Sync now" starts within a poll of the worker: keep looking while anything may move.
    refetchInterval: (q) => (q.state.data?.sources.some((s) => s.status === "syncing") ? 1_000 : 5_000),
  });
  const sources = data?.sources ?? [];
  return (
    <section aria-label="S3 sources" className="space-y-4">
      {isError && <p className="text-sm text-rose-700">Could not load the sources: {error.message}</p>}
      {adding ? (
        <SourceForm
          defaultStartDate={defaultStartDate}
          secretKeyConfigured={secretKeyConfigured}
          onDone={() => setAdding(false)}
        />
      ) : (
        canManage && (
          <button
            type="button"
            onClick={() => setAdding(true)}
            className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500"
          >
            Add an S3 source
          </button>
        )
      )}
      {sources.length === 0 && !adding && (
        <p className="text-sm text-slate-600">
          {canManage ? (
            <>
              No S3 bucket connected yet. Add the bucket your trail delivers to, or load files from a terminal with{" "}
              <code className="rounded bg-slate-100 px-1">npm run sync -- s3://bucket/prefix</code>.
            </>
          ) : (
            "No S3 bucket connected yet. An admin can connect the bucket your trail delivers to."
          )}
        </p>
      )}
      {sources.map((source) => (
        <SourceCard
          key={source.id}
          source={source}
          defaultStartDate={defaultStartDate}
          secretKeyConfigured={secretKeyConfigured}
          canManage={canManage}
        />
      ))}
    </section>
  );
}
