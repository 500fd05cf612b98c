"use client";

import { useState } from "react";

/** Clipboard API where the page is a secure context; the old textarea trick on plain-HTTP LAN installs. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

const BUTTON =
  "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50";

export function CopyButton({
  text,
  label,
  className = BUTTON,
}: {
  text: () => string;
  label: string;
  className?: string;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <button
      type="button"
      className={className}
      onClick={async () => {
        setState((await copyText(text())) ? "copied" : "failed");
        setTimeout(() => setState("idle"), 2000);
      }}
    >
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label}</span>
    </button>
  );
}

/** Copies the absolute URL of a path on this server (the page's permanent link). */
export function CopyLinkButton({ path, label = "Copy link" }: { path: string; label?: string }) {
  return <CopyButton label={label} text={() => new URL(path, window.location.origin).toString()} />;
}
