"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/** One or more records pasted as text (a record, an array, {"Records": […]}, NDJSON…): sent as a file. */
export function PasteBox({ disabled, onAdd }: { disabled: boolean; onAdd: (text: string) => void }) {
  const [text, setText] = useState("");
  const id = useId();
  const add = () => {
    onAdd(text);
    setText("");
  };
  return (
    <Card as="div" flat className="flex flex-col gap-2">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        Or paste records
      </label>
      <textarea
        id={id}
        value={text}
        disabled={disabled}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && text.trim()) add();
        }}
        rows={6}
        spellCheck={false}
        placeholder='{"eventVersion":"1.08","eventSource":"elasticache.amazonaws.com", …}'
        aria-describedby={`${id}-hint`}
        className="w-full resize-y rounded-md border border-slate-300 p-2 font-mono text-xs disabled:bg-slate-50"
      />
      <div className="flex items-center justify-between gap-2">
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          One record, an array, a whole log file or one record per line. Ctrl+Enter adds it.
        </p>
        <Button disabled={disabled || !text.trim()} onClick={add} className="shrink-0">
          Add pasted records
        </Button>
      </div>
    </Card>
  );
}
