import Link from "next/link";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/class-names";
import { TextLink } from "@/components/ui/text-link";
import { formatSize } from "@/lib/format/numbers";
import { formatDuration } from "@/lib/format/time";
import { capitalise, describeCounts, FILE_FORMATS } from "@/lib/run-history/labels";
import { ingestionPageUrl, type RunDetail, type RunFile, type RunFilesQuery } from "@/lib/run-history/schemas";
import { FileOutcomeBadge } from "./badges";
import { FileName } from "./file-name";
import { RejectionList } from "./rejection-list";

/** The files of a run, a page at a time, all of them or only those that did not go well. */
export function RunFiles({
  runId,
  detail,
  filesQuery,
}: {
  runId: string;
  detail: RunDetail;
  filesQuery: RunFilesQuery;
}) {
  const problems = filesQuery.files === "problems";
  const tab = (active: boolean) =>
    cx(
      "rounded-md px-3 py-1 text-sm font-medium",
      active ? "bg-slate-800 text-white" : "text-slate-700 hover:bg-slate-100",
    );
  return (
    <Card aria-label="Files" padding="none">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-4 py-3">
        <h2 className="mr-2 text-sm font-semibold text-slate-800">Files</h2>
        <Link href={ingestionPageUrl(runId)} className={tab(!problems)} aria-current={!problems ? "page" : undefined}>
          All
        </Link>
        <Link
          href={ingestionPageUrl(runId, { files: "problems" })}
          className={tab(problems)}
          aria-current={problems ? "page" : undefined}
        >
          With problems
        </Link>
      </div>
      {detail.files.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-500">
          {problems ? "No file had a problem." : "This run has no files."}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {detail.files.map((f) => (
            <FileItem key={f.id} file={f} />
          ))}
        </ul>
      )}
      <nav aria-label="Pages of files" className="flex justify-between border-t border-slate-100 px-4 py-2 text-sm">
        {filesQuery.after ? (
          <TextLink href={ingestionPageUrl(runId, { ...filesQuery, after: undefined })}>← First files</TextLink>
        ) : (
          <span />
        )}
        {detail.nextFilesAfter && (
          <TextLink href={ingestionPageUrl(runId, { ...filesQuery, after: detail.nextFilesAfter })}>
            Next files →
          </TextLink>
        )}
      </nav>
    </Card>
  );
}

function FileItem({ file }: { file: RunFile }) {
  // Counts say something for files that were read; a digest file has only its note.
  const read = file.outcome === "ok" || file.outcome === "partial";
  return (
    // Errors and rejection reasons quote paths and values with no break in them: they wrap
    // anywhere rather than stretch a phone's page sideways.
    <li className="min-w-0 px-4 py-3 [overflow-wrap:anywhere]" aria-label={file.name}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <FileName path={file.name} />
        <span className="text-xs tabular-nums text-slate-500">{formatSize(file.size)}</span>
        {file.durationMs !== null && (
          <span className="text-xs tabular-nums text-slate-500">{formatDuration(file.durationMs)}</span>
        )}
        <FileOutcomeBadge outcome={file.outcome} />
      </div>
      <div className="mt-1 space-y-0.5 text-sm">
        {read && (
          <p className="text-slate-700">
            {describeCounts(file)}
            {file.format ? <span className="text-slate-500"> · {FILE_FORMATS[file.format] ?? file.format}</span> : null}
          </p>
        )}
        {file.error && <p className="text-rose-700">{capitalise(file.error)}</p>}
        {file.note && <p className="text-slate-500">{capitalise(file.note)}</p>}
        <RejectionList rejections={file.rejections} total={file.rejected} />
        {file.sha256 && (
          <p className="break-all font-mono text-xs text-slate-400" title="SHA-256 of the file as sent">
            sha256 {file.sha256}
          </p>
        )}
      </div>
    </li>
  );
}
