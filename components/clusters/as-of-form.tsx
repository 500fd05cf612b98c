"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { fieldClasses } from "@/components/ui/field";
import { timelineHref, type TimelineParams } from "@/lib/resources/timeline-params";
import type { ResourceKey } from "@/lib/urls";

/** Pick an instant (UTC, to the second) to see the configuration then: sets ?at= in the URL. */
export function AsOfForm({ resource, params }: { resource: ResourceKey; params: TimelineParams }) {
  const router = useRouter();
  const [value, setValue] = useState(params.at ? params.at.slice(0, 19) : "");
  return (
    <form
      className="flex flex-wrap items-center gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        if (value)
          router.push(
            timelineHref(resource, {
              ...params,
              at: new Date(`${value.length === 16 ? `${value}:00` : value}Z`).toISOString(),
            }),
          );
      }}
    >
      <label className="text-slate-500" htmlFor="as-of">
        As of (UTC)
      </label>
      <input
        id="as-of"
        type="datetime-local"
        step={1}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        className={fieldClasses("sm")}
      />
      <Button type="submit" size="sm">
        Show
      </Button>
    </form>
  );
}
