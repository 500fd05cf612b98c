import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { ActorListView } from "@/components/actors/actor-list-view";
import { PageHeader } from "@/components/layout/page-header";
import { IgnoredParametersNotice } from "@/components/ui/ignored-parameters";
import { ignoredActorListParams, parseActorListParams } from "@/lib/actors/list-params";
import { listActors } from "@/lib/actors/queries";
import { actorKeys } from "@/lib/actors/query-keys";
import { db } from "@/lib/db/client";
import { makeQueryClient } from "@/lib/query-client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Actors" };

export default async function ActorsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = await searchParams;
  const params = parseActorListParams(raw);
  const queryClient = makeQueryClient();
  await queryClient.prefetchQuery({ queryKey: actorKeys.list(params), queryFn: () => listActors(db(), params) });
  return (
    <>
      <PageHeader
        title="Actors"
        description="Who called ElastiCache: IAM users, role sessions, root, other accounts and AWS services."
      />
      <IgnoredParametersNotice ignored={ignoredActorListParams(raw)} />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <Suspense>
          <ActorListView />
        </Suspense>
      </HydrationBoundary>
    </>
  );
}
