import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { PublicKeysCard } from "@/components/completeness/public-keys-card";
import { PageHeader } from "@/components/layout/page-header";
import { completenessKeys } from "@/lib/completeness/api-client";
import { listLoadedKeys } from "@/lib/completeness/keys";
import { sourceKeys } from "@/lib/sources/api-client";
import { SourcesPanel } from "@/components/sources/sources-panel";
import { db } from "@/lib/db/client";
import { currentPrincipal } from "@/lib/auth/server";
import { env } from "@/lib/env";
import { makeQueryClient } from "@/lib/query-client";
import { defaultStartDate } from "@/lib/sources/schemas";
import { listSourceViews } from "@/lib/sources/sources";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sources" };

export default async function SourcesPage() {
  const principal = await currentPrincipal();
  const queryClient = makeQueryClient();
  queryClient.setQueryData(sourceKeys.list(), { sources: await listSourceViews(db()) });
  queryClient.setQueryData(completenessKeys.keys(), await listLoadedKeys(db()));
  return (
    <>
      <PageHeader
        title="Sources"
        description="The S3 buckets CloudTrail delivers to, synced on their own; uploads and the CLI add files too."
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <SourcesPanel
          defaultStartDate={defaultStartDate(new Date())}
          secretKeyConfigured={env.CACHETRAIL_SECRET_KEY !== undefined}
          canManage={principal?.role === "admin"}
        />
        <PublicKeysCard canManage={principal?.role === "admin"} />
      </HydrationBoundary>
    </>
  );
}
