"use client";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyButton } from "../copy-button";

// The record exactly as stored (secrets masked at ingest), for copying into a ticket or a
// diff tool. The text is a <pre> child: JSON.stringify escapes nothing that HTML would need,
// React does.

export function RawRecord({ json, fileName }: { json: string; fileName: string }) {
  const download = () => {
    const url = URL.createObjectURL(new Blob([json], { type: "application/json" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <Card as="details" padding="none">
      <summary className="cursor-pointer px-4 py-3 text-sm font-semibold text-slate-800">Raw CloudTrail record</summary>
      <div className="border-t border-slate-100 p-4">
        <div className="mb-2 flex gap-2">
          <CopyButton text={() => json} label="Copy JSON" />
          <Button onClick={download}>Download .json</Button>
        </div>
        <pre
          data-testid="raw-record"
          className="max-h-[32rem] overflow-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100"
        >
          {json}
        </pre>
      </div>
    </Card>
  );
}
