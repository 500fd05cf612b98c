import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { RunsTable } from "@/components/ingestions/runs-table";
import { PageHeader } from "@/components/layout/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { IgnoredParametersNotice } from "@/components/ui/ignored-parameters";
import { db } from "@/lib/db/client";
import { hasRuns, listRuns } from "@/lib/run-history/queries";
import { ingestionKeys } from "@/lib/run-history/query-keys";
import { parseRunListQuery } from "@/lib/run-history/schemas";
import { makeQueryClient } from "@/lib/query-client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Ingestions" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function IngestionsPage({ searchParams }: { searchParams: SearchParams }) {
  // A hand-edited URL with a bad filter shows the runs without it, and says so, rather than an error page.
  const { value: query, ignored } = parseRunListQuery(await searchParams);
  const queryClient = makeQueryClient();
  const list = await queryClient.fetchQuery({
    queryKey: ingestionKeys.list(query),
    queryFn: () => listRuns(db(), query),
  });
  const header = (
    <>
      <PageHeader
        title="Ingestions"
        description="Every upload, API call, CLI run and S3 sync, with per-file outcomes."
      />
      <IgnoredParametersNotice ignored={ignored} />
    </>
  );
  if (list.runs.length === 0 && !(await hasRuns(db()))) {
    return (
      <>
        {header}
        <EmptyState title="No ingestions yet" actions={[{ href: "/upload", label: "Upload CloudTrail files" }]}>
          Each upload, CLI run or S3 sync will be listed here with its files, counts and errors.
        </EmptyState>
      </>
    );
  }
  return (
    <>
      {header}
      <HydrationBoundary state={dehydrate(queryClient)}>
        <RunsTable query={query} />
      </HydrationBoundary>
    </>
  );
}
