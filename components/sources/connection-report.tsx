import type { ConnectionReport as Report } from "@/lib/sources/schemas";
import { formatCount } from "@/lib/format/numbers";

/** What "Test connection" found: the trail as a sentence, then the proof; or the precise error. */
export function ConnectionReport({ report }: { report: Report }) {
  if (!report.ok)
    return (
      <div role="status" aria-label="Connection test" className="rounded-md bg-rose-50 p-3 text-sm text-rose-800">
        <p className="font-medium">Cannot read the bucket</p>
        <p className="mt-1">{report.error.message}</p>
      </div>
    );
  const { layout } = report;
  const trail = layout.organizationTrail ? `An organization trail (${layout.orgIds.join(", ")})` : "A trail";
  return (
    <div role="status" aria-label="Connection test" className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">
      <p className="font-medium">
        Connected. {trail} with {formatCount(layout.accounts.length)} account(s) in {formatCount(layout.regions.length)}{" "}
        region(s), from {layout.firstDay ?? "?"} to {layout.lastDay ?? "?"}.
      </p>
      <dl className="mt-2 grid gap-x-4 gap-y-1 text-xs sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium">Accounts</dt>
        <dd>{layout.accounts.join(", ")}</dd>
        <dt className="font-medium">Regions</dt>
        <dd>{layout.regions.join(", ")}</dd>
        <dt className="font-medium">Also found</dt>
        <dd>
          {[layout.digests && "digest files", layout.insights && "Insights files"].filter(Boolean).join(" and ") ||
            "nothing else"}{" "}
          (not read as logs)
        </dd>
        <dt className="font-medium">Keys seen</dt>
        <dd className="break-all font-mono">{report.sampleKeys.join(" · ") || "none"}</dd>
      </dl>
    </div>
  );
}
