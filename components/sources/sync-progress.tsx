import type { SyncProgress as Progress } from "@/lib/sources/schemas";
import { formatCount, formatSize, plural } from "@/lib/format/numbers";

/** The sync in progress: objects done of those found so far, bytes, events, rates. */
export function SyncProgress({ progress }: { progress: Progress }) {
  const percent = progress.objectsTotal > 0 ? Math.round((progress.objectsDone / progress.objectsTotal) * 100) : 0;
  return (
    <div aria-label="Sync progress" className="space-y-1">
      <div
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={progress.objectsTotal}
        aria-valuenow={progress.objectsDone}
        className="h-2 overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full bg-indigo-500 transition-all" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-xs text-slate-600 tabular-nums">
        {progress.phase === "listing" ? "Listing the bucket… " : ""}
        {formatCount(progress.objectsDone)} of {formatCount(progress.objectsTotal)} objects
        {progress.objectsFailed > 0 ? ` (${formatCount(progress.objectsFailed)} failed)` : ""} ·{" "}
        {formatSize(progress.bytesDone)} of {formatSize(progress.bytesTotal)} · {plural(progress.eventsStored, "event")}{" "}
        stored · {formatSize(progress.bytesPerSecond)}/s · {formatCount(progress.eventsPerSecond)} events/s
      </p>
    </div>
  );
}
