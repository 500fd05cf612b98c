"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Code } from "@/components/ui/code";
import { formatSize, plural } from "@/lib/format/numbers";
import { uploadStore, type UploadState } from "./upload-store";
import { DropZone } from "./drop-zone";
import { FileRow } from "./file-row";
import { PasteBox } from "./paste-box";
import { UploadSummary } from "./upload-summary";
import { useUpload } from "./use-upload";

/** The upload page: choose files (or paste), send them as one run, follow each file, see the result. */
export function UploadPanel({
  maxFileBytes,
  maxDecompressedBytes,
}: {
  maxFileBytes: number;
  maxDecompressedBytes: number;
}) {
  const upload = useUpload();
  useEffect(() => uploadStore.configure(maxFileBytes), [maxFileBytes]);
  const editing = upload.status === "editing";

  return (
    <section aria-label="Upload CloudTrail files" className="space-y-4">
      {upload.status === "finished" && <UploadSummary upload={upload} onReset={() => uploadStore.reset()} />}
      {editing && (
        <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
          <DropZone disabled={!editing} onFiles={(files) => uploadStore.add(files)} />
          <PasteBox disabled={!editing} onAdd={(text) => uploadStore.addPaste(text)} />
        </div>
      )}
      {editing && (
        <p className="text-xs text-slate-500">
          Up to {formatSize(maxFileBytes)} per file as sent, {formatSize(maxDecompressedBytes)} decompressed. Files are
          ingested one after another as they arrive; events already stored are not stored twice. From a script, send the
          same files to <Code>POST /api/ingest</Code> (see docs/api.md).
        </p>
      )}
      {upload.files.length > 0 && <FileList upload={upload} />}
    </section>
  );
}

function FileList({ upload }: { upload: UploadState }) {
  const editing = upload.status === "editing";
  const sending = upload.status === "sending";
  const finishing = upload.status === "finishing";
  const queued = upload.files.filter((f) => f.phase === "queued");
  const queuedBytes = queued.reduce((n, f) => n + f.size, 0);
  return (
    <Card as="div" padding="none">
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-3">
        <h2 className="text-sm font-semibold text-slate-800">{plural(upload.files.length, "file")}</h2>
        <p className="text-sm text-slate-600">
          {sending
            ? progressLine(upload)
            : finishing
              ? "Stopping: waiting for the server to close the run…"
              : editing
                ? `${plural(queued.length, "file")} ready to upload (${formatSize(queuedBytes)})`
                : null}
        </p>
        {/* Screen readers hear files finishing, not every percent. */}
        <p className="sr-only" aria-live="polite">
          {sending ? `${plural(upload.files.filter((f) => f.phase === "done").length, "file")} done` : ""}
        </p>
        <div className="ml-auto flex gap-2">
          {editing && (
            <>
              <Button onClick={() => uploadStore.reset()}>Clear</Button>
              <Button variant="primary" disabled={queued.length === 0} onClick={() => uploadStore.start()}>
                Upload {plural(queued.length, "file")}
              </Button>
            </>
          )}
          {sending && (
            <Button variant="danger" onClick={() => uploadStore.cancel()}>
              Cancel upload
            </Button>
          )}
        </div>
      </div>
      <ul aria-label="Files" aria-busy={sending || finishing} className="divide-y divide-slate-100">
        {upload.files.map((f) => (
          <FileRow key={f.id} file={f} onRemove={editing ? (id) => uploadStore.remove(id) : undefined} />
        ))}
      </ul>
    </Card>
  );
}

/** "Uploading: 3 of 6 files done · 45 MiB of 120 MiB sent". */
function progressLine(upload: UploadState): string {
  const inRequest = upload.files.filter((f) => f.phase === "sending" || f.phase === "done");
  const done = inRequest.filter((f) => f.phase === "done").length;
  const total = inRequest.reduce((n, f) => n + f.size, 0);
  const sent = inRequest.reduce((n, f) => n + (f.phase === "done" ? f.size : f.sent), 0);
  return `Uploading: ${done} of ${plural(inRequest.length, "file")} done · ${formatSize(sent)} of ${formatSize(total)} sent`;
}
