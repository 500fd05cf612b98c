import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ActorDetailView } from "@/components/actors/actor-detail-view";
import { actorPathSchema } from "@/lib/actors/actor-path";
import { getActorDetail } from "@/lib/actors/detail-queries";
import { identityTypeLabel } from "@/lib/actors/labels";
import { actorKeys } from "@/lib/actors/query-keys";
import { db } from "@/lib/db/client";
import { makeQueryClient } from "@/lib/query-client";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ actorKey: string }> };

const keyOf = (segment: string) => actorPathSchema.parse({ key: segment }).key;
/** One query per request, shared by the title and the page. */
const loadActor = cache(async (key: string) => getActorDetail(db(), key));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const detail = await loadActor(keyOf((await params).actorKey));
  return { title: detail ? `${detail.actor.name} (${identityTypeLabel(detail.actor.type)})` : "Actor not found" };
}

export default async function ActorPage({ params }: Props) {
  const key = keyOf((await params).actorKey);
  const detail = await loadActor(key);
  if (!detail) notFound();
  const queryClient = makeQueryClient();
  queryClient.setQueryData(actorKeys.detail(key), detail);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <ActorDetailView actorKey={key} />
    </HydrationBoundary>
  );
}
