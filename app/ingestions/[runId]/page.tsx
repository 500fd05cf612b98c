import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RunDetailView } from "@/components/ingestions/run-detail";
import { PageHeader } from "@/components/layout/page-header";
import { IgnoredParametersNotice } from "@/components/ui/ignored-parameters";
import { TextLink } from "@/components/ui/text-link";
import { db } from "@/lib/db/client";
import { getRunDetail } from "@/lib/run-history/queries";
import { ingestionKeys } from "@/lib/run-history/query-keys";
import { ingestionsPageUrl, parseRunFilesQuery, runParamsSchema } from "@/lib/run-history/schemas";
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
  const { value: filesQuery, ignored } = parseRunFilesQuery(await searchParams);
  const queryClient = makeQueryClient();
  const detail = await queryClient.fetchQuery({
    queryKey: ingestionKeys.detail(runId, filesQuery),
    queryFn: () => getRunDetail(db(), runId, filesQuery),
  });
  if (!detail) notFound();
  return (
    <>
      <PageHeader
        title={`Ingestion #${runId}`}
        description={<TextLink href={ingestionsPageUrl()}>← All ingestions</TextLink>}
      />
      <IgnoredParametersNotice ignored={ignored} />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <RunDetailView runId={runId} filesQuery={filesQuery} />
      </HydrationBoundary>
    </>
  );
}
