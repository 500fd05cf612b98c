import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/components/layout/page-header";
import { IgnoredParametersNotice } from "@/components/ui/ignored-parameters";
import { SecurityDashboard } from "@/components/security/security-dashboard";
import { db } from "@/lib/db/client";
import { overviewKeys } from "@/lib/overview/query-keys";
import { parseScopeFilters } from "@/lib/overview/scope";
import { makeQueryClient } from "@/lib/query-client";
import { getSecurity } from "@/lib/security/queries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Security" };

export default async function SecurityPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { filters, ignored } = parseScopeFilters(await searchParams);
  const queryClient = makeQueryClient();
  await queryClient.prefetchQuery({
    queryKey: overviewKeys.security(filters),
    queryFn: () => getSecurity(db(), filters),
  });
  return (
    <>
      <PageHeader
        title="Security"
        description="Failed calls, the root user, console sessions without MFA, newcomers, and changes to access and encryption."
      />
      <IgnoredParametersNotice ignored={ignored} />
      <HydrationBoundary state={dehydrate(queryClient)}>
        <Suspense>
          <SecurityDashboard />
        </Suspense>
      </HydrationBoundary>
    </>
  );
}
