"use client";

import { ActorLink } from "@/components/links";
import { Timestamp } from "@/components/time/timestamp";
import { Badge } from "@/components/ui/badge";
import { TextLink } from "@/components/ui/text-link";
import { formatCount } from "@/lib/format/numbers";
import { kindInfo } from "@/lib/resources/kinds";
import { readLaneEventsUrl } from "@/lib/resources/resource-path";
import type { TimelineParams } from "@/lib/resources/timeline-params";
import type { AccountReadsView, ReadLane } from "@/lib/resources/types";
import type { ResourceKey } from "@/lib/urls";
import { CategoryIcon } from "./category-icon";

// Read-only calls in the timeline, collapsed per actor, operation and day: those naming the
// resource, and account-wide ones (naming none) that may have listed it.

const ACCOUNT_WIDE_TITLE =
  "These calls named no resource: they list every resource of this kind in the account and region, " +
  "so they may have listed this one.";

export function ReadLaneRow({ lane, resource }: { lane: ReadLane; resource: ResourceKey }) {
  const account = lane.scope === "account";
  return (
    <li
      data-testid={account ? "account-read-lane" : "read-lane"}
      className="flex flex-wrap items-center gap-x-3 gap-y-1 bg-slate-50/70 px-3 py-1.5 text-sm text-slate-600"
    >
      <CategoryIcon category="read" />
      <span>
        <span className="font-medium text-slate-700">{lane.eventName}</span> × {formatCount(lane.count)} by{" "}
        <ActorLink actorKey={lane.actor.key} name={lane.actor.name} type={lane.actor.type} />
        {lane.failedCount > 0 && <span className="text-rose-700"> ({formatCount(lane.failedCount)} failed)</span>}
      </span>
      {/* Each call of the lane, in the explorer. Account-wide calls named no resource, which the explorer
          cannot select. */}
      {!account && (
        <TextLink
          href={readLaneEventsUrl(resource, {
            eventName: lane.eventName,
            actorKey: lane.actor.key,
            firstAt: lane.firstAt,
            lastAt: lane.lastAt,
          })}
          className="text-xs"
        >
          {lane.count === 1 ? "open it" : "list them"}
        </TextLink>
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
        <Badge shape="note" tone="warn" title={ACCOUNT_WIDE_TITLE}>
          account-wide, not linked
        </Badge>
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
      <Badge shape="note" tone="warn">
        account-wide
      </Badge>{" "}
      lanes: {view.eventName} calls that named no {noun}, so listed every one in{" "}
      <span className="font-mono">{resource.accountId}</span> {resource.region || "(any region)"} and may have listed
      this one. They are not events of this {noun}.
      {view.searched && (
        <>
          {" "}
          Searched from <Timestamp iso={view.searched.start} /> to <Timestamp iso={view.searched.end} /> (the loaded
          part of the timeline, while it existed as far as the events tell)
          {view.truncated
            ? ", in part: a page's period held more such calls (all accounts) than one look-up reads, so its " +
              `${order === "newest" ? "older" : "newer"} end was not searched.`
            : "."}
        </>
      )}
    </p>
  );
}
