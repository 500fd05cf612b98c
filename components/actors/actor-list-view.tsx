"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { Pagination } from "@/components/ui/pagination";
import { EmptyState, NoEventsYet } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { TextLink } from "@/components/ui/text-link";
import { fetchActorList } from "@/lib/actors/api-client";
import { actorListHref, hasActorFilters, parseActorListParams } from "@/lib/actors/list-params";
import { actorKeys } from "@/lib/actors/query-keys";
import { searchParamsRecord } from "@/lib/search-params/record";
import { ActorBreakdowns } from "./actor-breakdowns";
import { ActorFilters } from "./actor-filters";
import { ActorTable } from "./actor-table";

// The actors table, its filters and breakdowns: the server page prefetched this view's answer
// (app/actors/page.tsx); a filter change rewrites the URL and this reads GET /api/actors.

export function ActorListView() {
  const search = useSearchParams();
  const params = useMemo(() => parseActorListParams(searchParamsRecord(new URLSearchParams(search))), [search]);
  const query = useQuery({
    queryKey: actorKeys.list(params),
    queryFn: ({ signal }) => fetchActorList(params, signal),
    placeholderData: keepPreviousData,
  });
  if (query.error && !query.data) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  const list = query.data;
  if (!list) return null;
  if (list.types.length === 0) return <NoEventsYet />;
  return (
    <div aria-busy={query.isFetching}>
      <ActorFilters params={params} types={list.types} accounts={list.accounts} />
      {params.issuer && (
        <p className="mb-3 text-sm text-slate-600">
          Sessions issued by <span className="font-mono [overflow-wrap:anywhere]">{params.issuer}</span> ·{" "}
          <TextLink href={actorListHref({ ...params, issuer: undefined, page: 1 })}>all issuers</TextLink>
        </p>
      )}
      <ActorBreakdowns breakdowns={list.breakdowns} params={params} />
      {list.rows.length === 0 ? (
        <EmptyState
          title={hasActorFilters(params) ? "No actors match" : "No actors on this page"}
          actions={[{ href: actorListHref({}), label: "Show all actors" }]}
        >
          No principal seen in the events matches these filters.
        </EmptyState>
      ) : (
        <>
          <ActorTable rows={list.rows} params={params} />
          <Pagination
            page={list.page}
            pageCount={list.pageCount}
            total={list.total}
            pageSize={list.pageSize}
            href={(page) => actorListHref({ ...params, page })}
          />
        </>
      )}
    </div>
  );
}
