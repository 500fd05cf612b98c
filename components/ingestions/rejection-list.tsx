import { formatCount } from "@/lib/format/numbers";
import { describePosition } from "@/lib/run-history/labels";
import type { RejectionResult } from "@/lib/ingest/upload-schemas";

/** The rejected records of a file with their reasons; the engine keeps the first 100. */
export function RejectionList({ rejections, total }: { rejections: RejectionResult[]; total: number }) {
  if (total === 0) return null;
  return (
    <details className="mt-1 text-sm">
      <summary className="cursor-pointer text-amber-800 hover:underline">
        {formatCount(total)} rejected {total === 1 ? "record" : "records"} — why
      </summary>
      <ol className="mt-1 space-y-0.5 pl-4 text-slate-700">
        {rejections.map((r) => (
          <li key={`${r.position.index}-${r.position.byteOffset}`}>
            <span className="text-slate-500">{describePosition(r.position)}:</span> {r.reason}
          </li>
        ))}
      </ol>
      {total > rejections.length && (
        <p className="pl-4 text-slate-500">
          … and {formatCount(total - rejections.length)} more (the first {rejections.length} are kept).
        </p>
      )}
    </details>
  );
}
