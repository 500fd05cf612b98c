"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { useRole } from "@/components/auth/role-context";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import { roleAllows } from "@/lib/auth/roles";
import { completenessKeys, fetchFetches, requestFetchNow } from "@/lib/completeness/api-client";
import type { MissingFileFetch, NamedFile } from "@/lib/completeness/schemas";
import { uploadPageUrl } from "@/lib/completeness/urls";
import { ingestionUrl } from "@/lib/urls";

// A missing file's action on /completeness: "Fetch now" from the S3 source that covers it (uploaders
// and admins; a job on the queue reads exactly that key), its progress and result; or, with no
// source covering it, how to upload it.

const running = (f: MissingFileFetch | null | undefined) => f?.status === "queued" || f?.status === "reading";

function Progress({ fetch }: { fetch: MissingFileFetch }) {
  if (fetch.status === "queued") return <span className="text-slate-600">Queued for a worker…</span>;
  if (fetch.status === "reading") return <span className="text-slate-600">Reading from {fetch.source}…</span>;
  if (fetch.status === "done")
    return (
      <span className="text-success">
        Fetched and read
        {fetch.runId && (
          <>
            {" "}
            (
            <Link className="underline" href={ingestionUrl(fetch.runId)}>
              run {fetch.runId}
            </Link>
            )
          </>
        )}
      </span>
    );
  return <span className="text-failure">Fetch failed: {fetch.error ?? fetch.outcome ?? "unknown error"}</span>;
}

export function FetchNow({ file, initial }: { file: NamedFile; initial: MissingFileFetch | null }) {
  const role = useRole();
  const router = useRouter();
  const canFetch = role !== null && roleAllows(role, "uploader");
  const hydrated = useHydrated();
  const queryClient = useQueryClient();
  const request = useMutation({
    mutationFn: () => requestFetchNow(file.bucket, file.key),
    onSuccess: (queued) => queryClient.setQueryData(completenessKeys.fetch(file.key), queued),
  });
  // Polled every second while the fetch waits or reads.
  const { data: fetch } = useQuery({
    queryKey: completenessKeys.fetch(file.key),
    queryFn: async ({ signal }) => (await fetchFetches([file.key], signal)).fetches[0] ?? null,
    initialData: initial,
    refetchInterval: (q) => (running(q.state.data) ? 1_000 : false),
  });
  const finished = fetch?.status === "done";
  // Once read, the page's counts are stale: the server page is read again (the hour turns complete).
  useEffect(() => {
    if (finished && request.isSuccess) router.refresh();
  }, [finished, request.isSuccess, router]);

  if (!file.sourceName)
    return (
      <span className="mt-1 block break-normal text-xs text-slate-600">
        No S3 source covers this bucket: download the key and{" "}
        <Link className="underline" href={uploadPageUrl()}>
          upload it
        </Link>
        .
      </span>
    );
  return (
    <span className="mt-1 flex flex-wrap items-center gap-2 break-normal text-xs" data-testid="fetch-now">
      {canFetch && !running(fetch) && !finished && (
        <Button size="sm" onClick={() => request.mutate()} disabled={!hydrated || request.isPending}>
          {fetch?.status === "failed" ? "Fetch again" : "Fetch now"}
        </Button>
      )}
      {fetch && <Progress fetch={fetch} />}
      {!fetch && !canFetch && <span className="text-slate-500">In {file.sourceName}: an uploader can fetch it.</span>}
      {request.isError && <span className="text-failure">{request.error.message}</span>}
    </span>
  );
}
