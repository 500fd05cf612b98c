"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { timelineHref, type TimelineParams } from "@/lib/resources/timeline-params";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/class-names";
import { fieldClasses } from "@/components/ui/field";
import { TextLink } from "@/components/ui/text-link";
import type { ResourceKey } from "@/lib/urls";

function Toggle({ options, label }: { label: string; options: { href: string; text: string; active: boolean }[] }) {
  return (
    <div role="group" aria-label={label} className="flex rounded-md border border-slate-300 bg-white text-sm">
      {options.map((o) => (
        <Link
          key={o.text}
          href={o.href}
          scroll={false}
          aria-pressed={o.active}
          className={cx(
            "px-2.5 py-1 first:rounded-l-md last:rounded-r-md",
            o.active ? "bg-slate-800 text-white" : "text-slate-700 hover:bg-slate-50",
          )}
        >
          {o.text}
        </Link>
      ))}
    </div>
  );
}

/** Order, read lane and range of the timeline: all in the URL, so a view can be shared as a link. */
export function TimelineControls({ resource, params }: { resource: ResourceKey; params: TimelineParams }) {
  const router = useRouter();
  const [from, setFrom] = useState(params.from ?? "");
  const [to, setTo] = useState(params.to ?? "");
  const href = (p: Partial<TimelineParams>) => timelineHref(resource, { ...params, ...p });
  return (
    <div className="mb-3 flex flex-wrap items-center gap-3">
      <Toggle
        label="Order"
        options={[
          { text: "Newest first", href: href({ order: "newest" }), active: params.order === "newest" },
          { text: "Oldest first", href: href({ order: "oldest" }), active: params.order === "oldest" },
        ]}
      />
      <Toggle
        label="Read-only calls"
        options={[
          { text: "Reads collapsed", href: href({ reads: "collapsed" }), active: params.reads === "collapsed" },
          { text: "Every read", href: href({ reads: "all" }), active: params.reads === "all" },
        ]}
      />
      <Toggle
        label="Account-wide reads"
        options={[
          {
            text: "Hide account-wide reads",
            href: href({ accountReads: "hide" }),
            active: params.accountReads === "hide",
          },
          {
            text: "Show account-wide reads",
            href: href({ accountReads: "show" }),
            active: params.accountReads === "show",
          },
        ]}
      />
      <form
        aria-label="Range"
        className="flex flex-wrap items-center gap-1 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          router.push(href({ from: from || undefined, to: to || undefined, day: undefined }), { scroll: false });
        }}
      >
        <label htmlFor="range-from" className="text-slate-500">
          From
        </label>
        <input
          id="range-from"
          type="date"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          className={fieldClasses("sm")}
        />
        <label htmlFor="range-to" className="text-slate-500">
          to
        </label>
        <input
          id="range-to"
          type="date"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          className={fieldClasses("sm")}
        />
        <Button type="submit" size="sm">
          Apply
        </Button>
        {(params.from || params.to) && (
          <TextLink href={href({ from: undefined, to: undefined, day: undefined })} scroll={false} className="ml-1">
            All time
          </TextLink>
        )}
      </form>
      {params.day && (
        <span className="flex items-center gap-1 rounded-full bg-indigo-50 px-3 py-1 text-sm text-indigo-800 ring-1 ring-indigo-200">
          Day {params.day} (UTC)
          <Link
            href={href({ day: undefined })}
            scroll={false}
            aria-label="Clear the day filter"
            className="ml-1 font-semibold hover:text-indigo-950"
          >
            ×
          </Link>
        </span>
      )}
    </div>
  );
}
