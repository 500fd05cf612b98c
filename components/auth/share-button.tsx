"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { describeError } from "@/lib/api/fetch-json";
import { createShareLink } from "@/lib/auth/api-client";

/** Makes a read-only link to this event that opens without signing in, and copies it. */
export function ShareButton({ eventId }: { eventId: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function share() {
    setError(null);
    try {
      const link = await createShareLink(eventId);
      const absolute = new URL(link.url, window.location.origin).toString();
      setUrl(absolute);
      await navigator.clipboard?.writeText(absolute).catch(() => undefined);
    } catch (e) {
      setError(describeError(e as Error));
    }
  }
  return (
    <div className="flex flex-col items-end gap-1">
      <Button onClick={share}>Share</Button>
      {url && (
        <input
          readOnly
          aria-label="Share link"
          value={url}
          onFocus={(e) => e.currentTarget.select()}
          className="w-80 max-w-full rounded border border-slate-300 px-2 py-1 text-xs"
        />
      )}
      {url && (
        <span className="text-xs text-slate-500">Opens without signing in for 7 days; revoke it in Settings.</span>
      )}
      {error && <span className="text-xs text-failure">{error}</span>}
    </div>
  );
}
