"use client";

import { useEffect, useRef, useState } from "react";
import { filesFromDrop, filesFromInput, type PickedFile } from "./picked-files";

/** Drop files or folders, or pick them with the two buttons (the keyboard way in). */
export function DropZone({ disabled, onFiles }: { disabled: boolean; onFiles: (files: PickedFile[]) => void }) {
  const [over, setOver] = useState(false);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  // React has no prop for it: a folder picker is an <input type=file> with webkitdirectory.
  useEffect(() => {
    folderInput.current?.setAttribute("webkitdirectory", "");
  }, []);

  const take = (input: HTMLInputElement) => {
    onFiles(filesFromInput(input.files));
    input.value = ""; // picking the same file again must fire "change" again
  };

  return (
    <div
      onDragOver={(e) => {
        if (disabled) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        if (!disabled) void filesFromDrop(e.dataTransfer).then(onFiles);
      }}
      className={`flex flex-col items-center justify-center gap-3 rounded-lg border-2 border-dashed p-8 text-center transition-colors ${
        over ? "border-indigo-500 bg-indigo-50" : "border-slate-300 bg-white"
      } ${disabled ? "opacity-60" : ""}`}
    >
      <p className="text-base font-medium text-slate-800">Drop CloudTrail files or whole folders here</p>
      <p className="text-sm text-slate-500">
        .json, .json.gz, .gz, NDJSON or lookup-events output — recognised by their content, not their name.
      </p>
      <div className="flex flex-wrap justify-center gap-2">
        <button
          type="button"
          disabled={disabled}
          onClick={() => filesInput.current?.click()}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50"
        >
          Choose files
        </button>
        <button
          type="button"
          disabled={disabled}
          onClick={() => folderInput.current?.click()}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50"
        >
          Choose a folder
        </button>
      </div>
      <input
        ref={filesInput}
        type="file"
        multiple
        hidden
        aria-label="CloudTrail files"
        data-testid="file-input"
        onChange={(e) => take(e.currentTarget)}
      />
      <input
        ref={folderInput}
        type="file"
        multiple
        hidden
        aria-label="A folder of CloudTrail files"
        data-testid="folder-input"
        onChange={(e) => take(e.currentTarget)}
      />
    </div>
  );
}
