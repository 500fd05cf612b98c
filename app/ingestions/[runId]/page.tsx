import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RunDetailView } from "@/components/ingestions/run-detail";
import { PageHeader } from "@/components/layout/page-header";
import { db } from "@/lib/db/client";
import { ingestionKeys } from "@/lib/run-history/api-client";
import { getRunDetail } from "@/lib/run-history/queries";
import { runFilesQuerySchema, runParamsSchema } from "@/lib/run-history/schemas";
import { makeQueryClient } from "@/lib/query-client";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ runId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Ingestion #${(await params).runId}` };
}

export default async function IngestionPage({ params, searchParams }: Props) {
  const parsedParams = runParamsSchema.safeParse(await params);
  if (!parsedParams.success) notFound();
  const { runId } = parsedParams.data;
  const parsedQuery = runFilesQuerySchema.safeParse(await searchParams);
  const filesQuery = parsedQuery.success ? parsedQuery.data : runFilesQuerySchema.parse({});
  const detail = await getRunDetail(db(), runId, filesQuery);
  if (!detail) notFound();

  const queryClient = makeQueryClient();
  queryClient.setQueryData(ingestionKeys.detail(runId, filesQuery), detail);
  return (
    <>
      <PageHeader
        title={`Ingestion #${runId}`}
        description={
          <Link href="/ingestions" className="text-indigo-700 hover:underline">
            ← All ingestions
          </Link>
        }
      />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <RunDetailView runId={runId} filesQuery={filesQuery} />
      </HydrationBoundary>
    </>
  );
}
