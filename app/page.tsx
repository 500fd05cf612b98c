import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/components/layout/page-header";
import { IgnoredParametersNotice } from "@/components/ui/ignored-parameters";
import { OverviewDashboard } from "@/components/overview/overview-dashboard";
import { db } from "@/lib/db/client";
import { getOverview } from "@/lib/overview/queries";
import { overviewKeys } from "@/lib/overview/query-keys";
import { parseScopeFilters } from "@/lib/overview/scope";
import { makeQueryClient } from "@/lib/query-client";

export const dynamic = "force-dynamic";
// The root segment is outside the layout's title template, so the tab title is written out here.
export const metadata: Metadata = { title: { absolute: "Overview · CacheTrail" } };

export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { filters, ignored } = parseScopeFilters(await searchParams);
  const queryClient = makeQueryClient();
  await queryClient.prefetchQuery({
    queryKey: overviewKeys.overview(filters),
    queryFn: () => getOverview(db(), filters),
  });
  return (
    <>
      <PageHeader
        title="Overview"
        description="Who changed your ElastiCache resources, how often, and what failed — from CloudTrail."
      />
      <IgnoredParametersNotice ignored={ignored} />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <Suspense>
          <OverviewDashboard />
        </Suspense>
      </HydrationBoundary>
    </>
  );
}
