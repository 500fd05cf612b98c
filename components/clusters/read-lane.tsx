"use client";

import Link from "next/link";
import { ActorLink } from "@/components/links";
import { Timestamp } from "@/components/time/timestamp";
import { kindInfo } from "@/lib/resources/kinds";
import { readLaneEventsUrl } from "@/lib/resources/resource-path";
import type { TimelineParams } from "@/lib/resources/timeline-params";
import type { AccountReadsView, ReadLane } from "@/lib/resources/types";
import type { ResourceKey } from "@/lib/urls";
import { CategoryIcon } from "./category-icon";

// Read-only calls in the timeline, collapsed per actor, operation and day: those naming the
// resource, and account-wide ones (naming none) that may have listed it.

export function ReadLaneRow({ lane, resource }: { lane: ReadLane; resource: ResourceKey }) {
  const account = lane.scope === "account";
  return (
    <li
      data-testid={account ? "account-read-lane" : "read-lane"}
      className="flex flex-wrap items-center gap-x-3 gap-y-1 bg-slate-50/70 px-3 py-1.5 text-sm text-slate-600"
    >
      <CategoryIcon category="read" />
      <span>
        <span className="font-medium text-slate-700">{lane.eventName}</span> × {lane.count.toLocaleString("en-US")} by{" "}
        <ActorLink actorKey={lane.actor.key} name={lane.actor.name} type={lane.actor.type} />
        {lane.failedCount > 0 && (
          <span className="text-rose-700"> ({lane.failedCount.toLocaleString("en-US")} failed)</span>
        )}
      </span>
      {/* Each call of the lane, in the explorer. Account-wide calls named no resource, which the explorer cannot select. */}
      {!account && (
        <Link
          href={readLaneEventsUrl(resource, {
            eventName: lane.eventName,
            actorKey: lane.actor.key,
            firstAt: lane.firstAt,
            lastAt: lane.lastAt,
          })}
          className="text-xs text-indigo-700 hover:underline"
        >
          {lane.count === 1 ? "open it" : "list them"}
        </Link>
      )}
      <span className="text-xs text-slate-500">
        <Timestamp iso={lane.firstAt} />
        {lane.count > 1 && (
          <>
            {" – "}
            <Timestamp iso={lane.lastAt} />
          </>
        )}
      </span>
      {account && (
        <span
          className="rounded bg-amber-50 px-1.5 text-xs text-amber-800 ring-1 ring-amber-200"
          title="These calls named no resource: they list every resource of this kind in the account and region, so they may have listed this one."
        >
          account-wide, not linked
        </span>
      )}
    </li>
  );
}

/** What the amber lanes are, and which period was searched for them. */
export function AccountReadsNote({
  view,
  resource,
  order,
}: {
  view: AccountReadsView;
  resource: ResourceKey;
  order: TimelineParams["order"];
}) {
  if (view.lanes.length === 0 && !view.truncated) return null;
  const noun = kindInfo(resource.kind).singular.toLowerCase();
  return (
    <p data-testid="account-reads-note" className="mb-2 text-xs text-slate-500">
      <span className="rounded bg-amber-50 px-1 text-amber-800 ring-1 ring-amber-200">account-wide</span> lanes:{" "}
      {view.eventName} calls that named no {noun}, so listed every one in{" "}
      <span className="font-mono">{resource.accountId}</span> {resource.region || "(any region)"} and may have listed
      this one. They are not events of this {noun}.
      {view.searched && (
        <>
          {" "}
          Searched from <Timestamp iso={view.searched.start} /> to <Timestamp iso={view.searched.end} /> (the loaded
          part of the timeline, while it existed as far as the events tell)
          {view.truncated
            ? `, in part: a page's period held more such calls (all accounts) than one look-up reads, so its ${order === "newest" ? "older" : "newer"} end was not searched.`
            : "."}
        </>
      )}
    </p>
  );
}
