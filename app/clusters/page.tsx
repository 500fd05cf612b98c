import { PageHeader } from "@/components/layout/page-header";
import { NoEventsYet } from "@/components/ui/empty-state";
import { getTotals } from "@/lib/overview/queries";

export const dynamic = "force-dynamic";

export default async function ClustersPage() {
  const totals = await getTotals();
  return (
    <>
      <PageHeader title="Clusters" description="Every ElastiCache resource seen in your trails: cache clusters, replication groups, serverless caches and more." />
      {totals.events === 0 ? <NoEventsYet /> : <p className="text-sm text-slate-600">{totals.events.toLocaleString("en-US")} events stored.</p>}
    </>
  );
}
