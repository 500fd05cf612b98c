"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchFailedObjects, sourceKeys } from "@/lib/sources/api-client";

/** The objects a source could not read after their last retry, with why. */
export function FailedObjects({ sourceId, count }: { sourceId: string; count: number }) {
  const { data, isError, error } = useQuery({
    queryKey: [...sourceKeys.failedObjects(sourceId), count],
    queryFn: ({ signal }) => fetchFailedObjects(sourceId, signal),
  });
  if (isError) return <p className="text-sm text-rose-700">Could not load the failed objects: {error.message}</p>;
  if (!data) return null;
  return (
    <ul aria-label="Failed objects" className="divide-y divide-slate-100 text-xs">
      {data.objects.map((o) => (
        <li key={o.key} className="py-1.5">
          <span className="break-all font-mono text-slate-700">{o.key}</span>
          <span className="block text-rose-700">
            {o.error ?? o.errorCode} ({o.attempts} attempt{o.attempts === 1 ? "" : "s"})
          </span>
        </li>
      ))}
    </ul>
  );
}
