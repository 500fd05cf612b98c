"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Fragment, useEffect, useRef } from "react";
import { describeError } from "@/lib/api/fetch-json";
import { fetchTimelinePage } from "@/lib/resources/api-client";
import { dayGroups, mergeAccountReads } from "@/lib/resources/day-groups";
import type { TimelineParams } from "@/lib/resources/timeline-params";
import { resourceKeys } from "@/lib/resources/query-keys";
import type { LifecycleView, ReadLane, TimelineItem } from "@/lib/resources/types";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/class-names";
import type { ResourceKey } from "@/lib/urls";
import { AccountReadsNote, ReadLaneRow } from "./read-lane";
import { TimelineItemRow } from "./timeline-item";

function LifecycleDivider({ lifecycle }: { lifecycle: LifecycleView | undefined }) {
  if (!lifecycle) return null;
  return (
    <li
      className={cx(
        "border-y border-dashed border-slate-300 bg-slate-50 px-3 py-1",
        "text-xs font-medium uppercase tracking-wide text-slate-500",
      )}
    >
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
 * The timeline, grouped by UTC day. The server prefetches the first page (hydrated under the
 * same key); older (or newer) pages are fetched by keyset cursor from the API, so a resource
 * with 10,000 events never loads them all at once.
 */
export function ResourceTimeline({
  resource,
  params,
  lanes,
  lifecycles,
}: {
  resource: ResourceKey;
  params: TimelineParams;
  lanes: ReadLane[];
  lifecycles: LifecycleView[];
}) {
  const query = useInfiniteQuery({
    queryKey: resourceKeys.timeline(resource, params),
    queryFn: ({ pageParam, signal }) => fetchTimelinePage(resource, params, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const pages = query.data?.pages ?? [];
  const items: TimelineItem[] = pages.flatMap((p) => p.items);
  const complete = !query.hasNextPage;
  // Each page brings the account-wide reads of its own period; they are never rows of this resource.
  const accountReads = mergeAccountReads(pages.map((p) => p.accountReads));
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

  if (query.isPending) return <p className="text-sm text-slate-500">Loading the timeline…</p>;
  if (query.isError && pages.length === 0) {
    return <p className="text-sm text-rose-700">The timeline could not be loaded: {describeError(query.error)}</p>;
  }
  if (groups.length === 0) {
    return (
      <Card as="p" flat className="text-sm text-slate-600">
        No events in this range.
      </Card>
    );
  }
  return (
    <div ref={box} className="space-y-3">
      {accountReads && <AccountReadsNote view={accountReads} resource={resource} order={params.order} />}
      {groups.map((g) => (
        <Card key={g.day} aria-label={`Events of ${g.day}`} padding="none" className="overflow-hidden">
          <h3 className="border-b border-slate-100 bg-slate-50 px-3 py-1.5 text-xs font-semibold text-slate-600">
            {g.day} (UTC)
          </h3>
          <ul className="divide-y divide-slate-100">
            {g.entries.map((entry) =>
              entry.type === "reads" ? (
                <ReadLaneRow
                  key={`reads/${entry.lane.scope}/${entry.lane.actor.key}/${entry.lane.eventName}`}
                  lane={entry.lane}
                  resource={resource}
                />
              ) : (
                <Fragment key={entry.item.eventId}>
                  {dividers.has(entry.item.eventId) && (
                    <LifecycleDivider lifecycle={lifecycles.find((l) => l.index === entry.item.lifecycleIndex)} />
                  )}
                  <TimelineItemRow
                    item={entry.item}
                    resource={resource}
                    params={params}
                    highlighted={params.at === entry.item.eventTime}
                  />
                </Fragment>
              ),
            )}
          </ul>
        </Card>
      ))}
      <div className="flex items-center gap-3 text-sm">
        {query.hasNextPage ? (
          <Button onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            {query.isFetchingNextPage
              ? "Loading…"
              : params.order === "newest"
                ? "Load older events"
                : "Load newer events"}
          </Button>
        ) : (
          <span className="text-slate-500">End of the timeline.</span>
        )}
        {query.isError && <span className="text-rose-700">Could not load more: {describeError(query.error)}</span>}
      </div>
    </div>
  );
}
