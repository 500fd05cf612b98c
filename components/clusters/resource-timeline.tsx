"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Fragment, useEffect, useRef } from "react";
import { ActorLink } from "@/components/links";
import { Timestamp } from "@/components/time/timestamp";
import { fetchTimelinePage, resourceKeys } from "@/lib/resources/api-client";
import { dayGroups, mergeAccountReads } from "@/lib/resources/day-groups";
import { kindInfo } from "@/lib/resources/kinds";
import type { TimelineParams } from "@/lib/resources/timeline-params";
import type { AccountReadsView, LifecycleView, ReadLane, TimelineItem, TimelinePage } from "@/lib/resources/types";
import type { ResourceKey } from "@/lib/urls";
import { CategoryIcon } from "./category-icon";
import { TimelineItemRow } from "./timeline-item";

function ReadLaneRow({ lane }: { lane: ReadLane }) {
  const account = lane.scope === "account";
  return (
    <li data-testid={account ? "account-read-lane" : "read-lane"} className="flex flex-wrap items-center gap-x-3 gap-y-1 bg-slate-50/70 px-3 py-1.5 text-sm text-slate-600">
      <CategoryIcon category="read" />
      <span>
        <span className="font-medium text-slate-700">{lane.eventName}</span> × {lane.count.toLocaleString("en-US")} by{" "}
        <ActorLink actorKey={lane.actor.key} name={lane.actor.name} type={lane.actor.type} />
        {lane.failedCount > 0 && <span className="text-rose-700"> ({lane.failedCount.toLocaleString("en-US")} failed)</span>}
      </span>
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
function AccountReadsNote({ view, resource, order }: { view: AccountReadsView; resource: ResourceKey; order: TimelineParams["order"] }) {
  if (view.lanes.length === 0 && !view.truncated) return null;
  const noun = kindInfo(resource.kind).singular.toLowerCase();
  return (
    <p data-testid="account-reads-note" className="mb-2 text-xs text-slate-500">
      <span className="rounded bg-amber-50 px-1 text-amber-800 ring-1 ring-amber-200">account-wide</span> lanes: {view.eventName} calls that named no {noun}, so
      listed every one in <span className="font-mono">{resource.accountId}</span> {resource.region || "(any region)"} and may have listed this one. They are not
      events of this {noun}.
      {view.searched && (
        <>
          {" "}
          Searched from <Timestamp iso={view.searched.start} /> to <Timestamp iso={view.searched.end} /> (the loaded part of the timeline, while it was seen)
          {view.truncated
            ? `, in part: a page's period held more such calls (all accounts) than one look-up reads, so its ${order === "newest" ? "older" : "newer"} end was not searched.`
            : "."}
        </>
      )}
    </p>
  );
}

function LifecycleDivider({ lifecycle }: { lifecycle: LifecycleView | undefined }) {
  if (!lifecycle) return null;
  return (
    <li className="border-y border-dashed border-slate-300 bg-slate-50 px-3 py-1 text-xs font-medium uppercase tracking-wide text-slate-500">
      Lifecycle {lifecycle.index + 1}
      {lifecycle.status === "deleted" ? " (deleted)" : ""}
    </li>
  );
}

/** Items where the list enters another lifecycle of the id (deleted, then re-created). */
function lifecycleStarts(items: TimelineItem[], show: boolean): Set<string> {
  const out = new Set<string>();
  if (!show) return out;
  let previous: number | null = null;
  for (const item of items) {
    if (item.lifecycleIndex !== null && item.lifecycleIndex !== previous) out.add(item.eventId);
    previous = item.lifecycleIndex;
  }
  return out;
}

/**
 * The timeline, grouped by UTC day. The server renders the first page; older (or newer)
 * pages are fetched by keyset cursor from the API, so a resource with 10,000 events never
 * loads them all at once.
 */
export function ResourceTimeline({
  resource,
  params,
  initial,
  lanes,
  lifecycles,
}: {
  resource: ResourceKey;
  params: TimelineParams;
  initial: TimelinePage;
  lanes: ReadLane[];
  lifecycles: LifecycleView[];
}) {
  const query = useInfiniteQuery({
    queryKey: resourceKeys.timeline(resource, params),
    queryFn: ({ pageParam, signal }) => (pageParam === null ? Promise.resolve(initial) : fetchTimelinePage(resource, params, pageParam, signal)),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: { pages: [initial], pageParams: [null] },
  });
  const items: TimelineItem[] = query.data.pages.flatMap((p) => p.items);
  const complete = !query.hasNextPage;
  // Each page brings the account-wide reads of its own period; they are never rows of this resource.
  const accountReads = mergeAccountReads(query.data.pages.map((p) => p.accountReads));
  // Every read naming it is a row of its own when reads are expanded.
  const shownLanes = [...(params.reads === "collapsed" ? lanes : []), ...(accountReads?.lanes ?? [])];
  const groups = dayGroups(items, shownLanes, params.order, complete);
  const dividers = lifecycleStarts(items, lifecycles.length > 1);
  const box = useRef<HTMLDivElement>(null);

  // Opened at a moment (?at=, from an event page): bring its row on screen, unless it already is.
  useEffect(() => {
    const row = params.at ? box.current?.querySelector<HTMLElement>("[data-highlighted]") : null;
    if (!row) return;
    const { top, bottom } = row.getBoundingClientRect();
    if (top < 0 || bottom > window.innerHeight) row.scrollIntoView({ block: "center" });
  }, [params.at]);

  if (groups.length === 0) {
    return <p className="rounded-lg border border-slate-200 bg-white p-4 text-sm text-slate-600">No events in this range.</p>;
  }
  return (
    <div ref={box} className="space-y-3">
      {accountReads && <AccountReadsNote view={accountReads} resource={resource} order={params.order} />}
      {groups.map((g) => (
        <section key={g.day} aria-label={`Events of ${g.day}`} className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          <h3 className="border-b border-slate-100 bg-slate-50 px-3 py-1.5 text-xs font-semibold text-slate-600">{g.day} (UTC)</h3>
          <ul className="divide-y divide-slate-100">
            {g.entries.map((entry) =>
              entry.type === "reads" ? (
                <ReadLaneRow key={`reads/${entry.lane.scope}/${entry.lane.actor.key}/${entry.lane.eventName}`} lane={entry.lane} />
              ) : (
                <Fragment key={entry.item.eventId}>
                  {dividers.has(entry.item.eventId) && <LifecycleDivider lifecycle={lifecycles.find((l) => l.index === entry.item.lifecycleIndex)} />}
                  <TimelineItemRow item={entry.item} resource={resource} params={params} highlighted={params.at === entry.item.eventTime} />
                </Fragment>
              ),
            )}
          </ul>
        </section>
      ))}
      <div className="flex items-center gap-3 text-sm">
        {query.hasNextPage ? (
          <button
            type="button"
            onClick={() => void query.fetchNextPage()}
            disabled={query.isFetchingNextPage}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50 disabled:opacity-50"
          >
            {query.isFetchingNextPage ? "Loading…" : params.order === "newest" ? "Load older events" : "Load newer events"}
          </button>
        ) : (
          <span className="text-slate-500">End of the timeline.</span>
        )}
        {query.isError && <span className="text-rose-700">Could not load more: {query.error.message}</span>}
      </div>
    </div>
  );
}
