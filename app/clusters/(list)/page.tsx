import type { Metadata } from "next";
import { KindTabs } from "@/components/clusters/kind-tabs";
import { Pagination } from "@/components/ui/pagination";
import { ResourceFilters } from "@/components/clusters/resource-filters";
import { ResourceTable } from "@/components/clusters/resource-table";
import { PageHeader } from "@/components/layout/page-header";
import { EmptyState, NoEventsYet } from "@/components/ui/empty-state";
import { IgnoredParametersNotice } from "@/components/ui/ignored-parameters";
import { db } from "@/lib/db/client";
import { plural } from "@/lib/format/numbers";
import {
  ignoredResourceListParams,
  PAGE_SIZE,
  parseResourceListParams,
  resourceListHref,
} from "@/lib/resources/list-params";
import { listResources } from "@/lib/resources/queries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Clusters" };

export default async function ClustersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await searchParams;
  const params = parseResourceListParams(raw);
  const list = await listResources(db(), params);
  const nothingAtAll =
    Object.keys(list.kindCounts).length === 0 &&
    !params.q &&
    !params.account &&
    !params.region &&
    !params.engine &&
    !params.status;
  return (
    <>
      <PageHeader
        title="Clusters"
        description="Every ElastiCache resource seen in your trails: cache clusters, replication groups, serverless caches and more."
      />
      <IgnoredParametersNotice ignored={ignoredResourceListParams(raw)} />
      {nothingAtAll ? (
        <NoEventsYet />
      ) : (
        <>
          <KindTabs params={params} counts={list.kindCounts} />
          <ResourceFilters params={params} accounts={list.accounts} regions={list.regions} />
          {list.unsummarised > 0 && (
            <p role="status" className="mb-3 text-sm text-amber-800">
              {plural(list.unsummarised, "resource")} with new events {list.unsummarised === 1 ? "is" : "are"} still
              being summarised and cannot match an engine or status filter yet. Reload in a few seconds.
            </p>
          )}
          {list.rows.length === 0 ? (
            <EmptyState
              title="No resources match"
              actions={[{ href: resourceListHref({}), label: "Show all resources" }]}
            >
              Nothing seen in the events matches these filters.
            </EmptyState>
          ) : (
            <>
              <ResourceTable rows={list.rows} params={params} />
              <Pagination
                page={list.page}
                pageCount={list.pageCount}
                total={list.total}
                pageSize={PAGE_SIZE}
                href={(page) => resourceListHref({ ...params, page })}
              />
            </>
          )}
        </>
      )}
    </>
  );
}
