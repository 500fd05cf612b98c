"use client";

import { memo } from "react";
import { FileOutcomeBadge } from "@/components/ingestions/badges";
import { FileName } from "@/components/ingestions/file-name";
import { RejectionList } from "@/components/ingestions/rejection-list";
import { formatSize } from "@/lib/format/numbers";
import { capitalise, describeCounts, FILE_FORMATS } from "@/lib/run-history/labels";
import type { QueuedFile } from "./upload-store";
import { ProgressBar } from "./progress-bar";

/** One file of the upload: its bars while it is sent and read, then what became of it. */
export const FileRow = memo(function FileRow({
  file,
  onRemove,
}: {
  file: QueuedFile;
  onRemove?: (id: number) => void;
}) {
  return (
    <li className="px-4 py-3" aria-label={file.name}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <FileName
          path={file.name}
          prefix={file.pasted ? <span className="mr-1 font-sans text-xs text-slate-500">pasted</span> : null}
        />
        <span className="text-xs tabular-nums text-slate-500">{formatSize(file.size)}</span>
        <FileStatus file={file} />
        {onRemove && file.phase !== "sending" && (
          <button
            type="button"
            onClick={() => onRemove(file.id)}
            aria-label={`Remove ${file.name}`}
            className="rounded px-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-700"
          >
            ×
          </button>
        )}
      </div>
      {file.phase === "sending" && <FileBars file={file} />}
      <FileDetails file={file} />
    </li>
  );
});

function FileStatus({ file }: { file: QueuedFile }) {
  switch (file.phase) {
    case "queued":
      return <span className="text-xs text-slate-500">Ready</span>;
    case "too-large":
      return <FileOutcomeBadge outcome="failed" />;
    case "sending":
      return <span className="text-xs text-sky-700">{sendingLabel(file)}</span>;
    case "done":
      return <FileOutcomeBadge outcome={file.result?.outcome ?? "failed"} />;
    case "not-ingested":
      return <FileOutcomeBadge outcome="not-ingested" />;
  }
}

function sendingLabel(f: QueuedFile): string {
  if (f.started) return `Reading… ${percent(f.read, f.size)}`;
  if (f.sent > 0) return `Uploading… ${percent(f.sent, f.size)}`;
  return "Waiting";
}

const percent = (part: number, whole: number) => `${whole > 0 ? Math.floor((part / whole) * 100) : 100}%`;

function FileBars({ file }: { file: QueuedFile }) {
  return (
    <div className="mt-2 grid grid-cols-[auto_1fr] items-center gap-x-2 gap-y-1 text-xs text-slate-500">
      <span>Upload</span>
      <ProgressBar label={`Upload of ${file.name}`} value={file.sent} max={file.size} />
      <span>Processing</span>
      <ProgressBar
        label={`Processing of ${file.name}`}
        value={file.started ? file.read : 0}
        max={file.size}
        tone="emerald"
      />
    </div>
  );
}

function FileDetails({ file }: { file: QueuedFile }) {
  const r = file.result;
  if (!r) return file.message ? <p className="mt-1 text-sm text-rose-700">{file.message}</p> : null;
  return (
    <div className="mt-1 space-y-0.5 text-sm">
      {(r.outcome === "ok" || r.outcome === "partial") && (
        <p className="text-slate-700">
          {describeCounts(r)}
          {r.format ? <span className="text-slate-500"> · {FILE_FORMATS[r.format] ?? r.format}</span> : null}
        </p>
      )}
      {r.error && <p className="text-rose-700">{capitalise(r.error)}</p>}
      {r.note && <p className="text-slate-500">{capitalise(r.note)}</p>}
      <RejectionList rejections={r.rejections} total={r.rejected} />
    </div>
  );
}
