"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Card, SectionLabel } from "@/components/ui/card";
import { NoEventsYet } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { FlaggedEvents } from "@/components/security/flagged-events";
import { fetchOverview } from "@/lib/overview/api-client";
import { overviewKeys } from "@/lib/overview/query-keys";
import { scopeSearchParams } from "@/lib/overview/scope";
import { eventsPageUrl } from "@/lib/events/filters";
import { actorUrl, resourceUrl, securityUrl } from "@/lib/urls";
import { EventsChart } from "./events-chart";
import { KpiCards } from "./kpi-cards";
import { RankedList } from "./ranked-list";
import { ScopeBar } from "./scope-bar";
import { REFRESH_MS, useScopeFilters } from "./use-scope";

export function OverviewDashboard() {
  const filters = useScopeFilters();
  const query = useQuery({
    queryKey: overviewKeys.overview(filters),
    queryFn: ({ signal }) => fetchOverview(filters, signal),
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
  });
  if (query.error && !query.data) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  const o = query.data;
  if (!o) return null;
  if (!o.hasEvents) return <NoEventsYet />;
  const scope = { account: filters.account, region: filters.region, from: o.period.from, to: o.period.to };
  return (
    <div className="space-y-4" aria-busy={query.isFetching}>
      <ScopeBar view="overview" filters={filters} options={o.options} period={o.period} />
      <KpiCards overview={o} scope={scope} />
      <EventsChart overview={o} scope={scope} />
      <div className="grid gap-4 lg:grid-cols-3">
        <RankedList
          title="Most changed resources"
          unit="writes"
          testId="top-resources"
          empty="No resource was changed in this range."
          items={o.topResources.map((r) => ({
            key: `${r.resource.accountId}/${r.resource.region}/${r.resource.kind}/${r.resource.resourceId}`,
            label: r.resource.resourceId,
            detail: r.resource.kind,
            count: r.changes,
            href: resourceUrl(r.resource),
          }))}
        />
        <RankedList
          title="Top actors by writes"
          unit="writes"
          testId="top-actors"
          empty="Nobody changed anything in this range."
          items={o.topActors.map((a) => ({
            key: a.actor.key,
            label: a.actor.name,
            detail: a.actor.type,
            count: a.writes,
            href: actorUrl(a.actor.key),
          }))}
        />
        <RankedList
          title="Failures by error code"
          unit="calls"
          testId="failures"
          empty="No failed calls in this range."
          items={o.failures.map((f) => ({
            key: f.errorCode,
            label: f.errorCode,
            count: f.count,
            href: eventsPageUrl({ ...scope, error: f.errorCode }),
          }))}
        />
      </div>
      <Card aria-labelledby="sensitive-heading">
        <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
          <SectionLabel id="sensitive-heading">Latest destructive or sensitive actions</SectionLabel>
          <a href={securityUrl(scopeSearchParams(filters))} className="text-sm text-indigo-700 hover:underline">
            Security view →
          </a>
        </div>
        <FlaggedEvents events={o.sensitive} empty="No deletions, failovers or security changes in this range." />
      </Card>
    </div>
  );
}
