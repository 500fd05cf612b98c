"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

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

export function CopyButton({ text, label }: { text: () => string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <Button
      onClick={async () => {
        setState((await copyText(text())) ? "copied" : "failed");
        setTimeout(() => setState("idle"), 2000);
      }}
    >
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label}</span>
    </Button>
  );
}

/** Copies the absolute URL of a path on this server (the page's permanent link). */
export function CopyLinkButton({ path, label = "Copy link" }: { path: string; label?: string }) {
  return <CopyButton label={label} text={() => new URL(path, window.location.origin).toString()} />;
}
