import { Card, SectionLabel } from "@/components/ui/card";
import type { ChainGap, MissingFileFetch, NamedFile, UnnamedFile } from "@/lib/completeness/schemas";
import { FetchNow } from "./fetch-now";

// The lists under the heatmap: log files a digest names that were not read (with what to do),
// files whose content does not hash to the digest's value, breaks in the digest chain, and read
// files no digest names.

function hourText(iso: string): string {
  return iso.replace("T", " ").replace(":00.000Z", " UTC");
}

export function MissingFiles({
  files,
  total,
  fetches,
}: {
  files: readonly NamedFile[];
  total: number;
  /** The latest "Fetch now" of each listed key. */
  fetches: readonly MissingFileFetch[];
}) {
  if (total === 0) return null;
  return (
    <Card data-testid="missing-files">
      <SectionLabel>Missing log files ({total})</SectionLabel>
      <p className="mt-1 text-sm text-slate-600">
        Named by a digest, never read. Fetch each from the S3 source that holds it, or download the key and upload it on
        the Upload page: it is matched by name, or by content under any name.
      </p>
      <ul className="mt-3 space-y-1 text-sm">
        {files.map((f) => (
          <li key={`${f.digestKey}/${f.key}`} className="break-all">
            <span className="text-slate-500">{hourText(f.hour)}</span>{" "}
            <code className="font-mono text-xs">
              s3://{f.bucket}/{f.key}
            </code>{" "}
            <FetchNow file={f} initial={fetches.find((x) => x.key === f.key) ?? null} />
          </li>
        ))}
      </ul>
      {files.length < total && <p className="mt-2 text-xs text-slate-500">The first {files.length} are listed.</p>}
    </Card>
  );
}

export function ModifiedFiles({ files, total }: { files: readonly NamedFile[]; total: number }) {
  if (total === 0) return null;
  return (
    <Card data-testid="modified-files" className="border-rose-300">
      <SectionLabel>Modified log files ({total})</SectionLabel>
      <p className="mt-1 text-sm text-slate-600">
        Their content does not hash to the value their digest recorded: changed after CloudTrail delivered them. Their
        events are kept, and marked on each event&apos;s page.
      </p>
      <ul className="mt-3 space-y-2 text-sm">
        {files.map((f) => (
          <li key={`${f.digestKey}/${f.key}`} className="break-all">
            <span className="text-slate-500">{hourText(f.hour)}</span>{" "}
            <code className="font-mono text-xs">{f.key}</code>
            <span className="block text-xs text-slate-500">
              expected SHA-256 {f.expectedSha256}, read {f.actualSha256} · {f.events ?? 0} events
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function ChainGaps({ gaps }: { gaps: readonly ChainGap[] }) {
  if (gaps.length === 0) return null;
  return (
    <Card data-testid="chain-gaps">
      <SectionLabel>Breaks in the digest chain ({gaps.length})</SectionLabel>
      <ul className="mt-3 space-y-1 text-sm">
        {gaps.map((g) => (
          <li key={g.digestKey} className="break-all">
            <span className="text-slate-500">{hourText(g.hour)}</span>{" "}
            {g.reason === "missing" ? "digest never read:" : "digest does not hash to what the next one says:"}{" "}
            <code className="font-mono text-xs">{g.previousKey}</code>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function UnnamedFiles({ files, total }: { files: readonly UnnamedFile[]; total: number }) {
  if (total === 0) return null;
  return (
    <Card data-testid="unnamed-files">
      <SectionLabel>Read, but named by no digest ({total})</SectionLabel>
      <p className="mt-1 text-sm text-slate-600">
        A trail without log file validation, a digest not read (yet), or a file from somewhere else.
      </p>
      <ul className="mt-3 space-y-1 text-sm">
        {files.map((f) => (
          <li key={f.fileId} className="break-all">
            <code className="font-mono text-xs">{f.name}</code>{" "}
            <span className="text-xs text-slate-500">· {f.events} events</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
