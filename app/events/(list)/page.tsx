import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { GapBanner } from "@/components/completeness/gap-banner";
import { PageHeader } from "@/components/layout/page-header";
import { NoEventsYet } from "@/components/ui/empty-state";
import { EventExplorer } from "@/components/events/event-explorer";
import { db } from "@/lib/db/client";
import { hasRowFilters, parseEventFilters, resolveTimeRange } from "@/lib/events/filters";
import { listEvents } from "@/lib/events/queries";
import { eventKeys } from "@/lib/events/query-keys";
import { makeQueryClient } from "@/lib/query-client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Events" };

export default async function EventsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { filters } = parseEventFilters(await searchParams);
  const queryClient = makeQueryClient();
  const page = await queryClient.fetchQuery({
    queryKey: eventKeys.list(filters),
    queryFn: () => listEvents(db(), filters),
  });
  const empty =
    page.total.kind === "exact" &&
    page.total.value === 0 &&
    !hasRowFilters(filters) &&
    !filters.after &&
    !filters.before;
  return (
    <>
      <PageHeader
        title="Events"
        description="Every ElastiCache API call CloudTrail recorded. Filter, share the link, export."
      />
      {empty ? (
        <NoEventsYet />
      ) : (
        <HydrationBoundary state={dehydrate(queryClient)}>
          <GapBanner
            scope={{ ...resolveTimeRange(filters, new Date()), accounts: filters.account, regions: filters.region }}
          />
          <EventExplorer />
        </HydrationBoundary>
      )}
    </>
  );
}
