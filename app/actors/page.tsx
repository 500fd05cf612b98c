import type { Metadata } from "next";
import { ActorBreakdowns } from "@/components/actors/actor-breakdowns";
import { ActorFilters } from "@/components/actors/actor-filters";
import { ActorTable } from "@/components/actors/actor-table";
import { Pagination } from "@/components/clusters/pagination";
import { PageHeader } from "@/components/layout/page-header";
import { TextLink } from "@/components/ui/text-link";
import { EmptyState, NoEventsYet } from "@/components/ui/empty-state";
import { actorListHref, hasActorFilters, parseActorListParams } from "@/lib/actors/list-params";
import { listActors } from "@/lib/actors/queries";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Actors" };

export default async function ActorsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = parseActorListParams(await searchParams);
  const list = await listActors(db(), params);
  return (
    <>
      <PageHeader
        title="Actors"
        description="Who called ElastiCache: IAM users, role sessions, root, other accounts and AWS services."
      />
      {list.types.length === 0 ? (
        <NoEventsYet />
      ) : (
        <>
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
        </>
      )}
    </>
  );
}
