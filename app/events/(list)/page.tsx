import { PageHeader } from "@/components/layout/page-header";
import { NoEventsYet } from "@/components/ui/empty-state";
import { getTotals } from "@/lib/overview/queries";

export const dynamic = "force-dynamic";

export default async function EventsPage() {
  const totals = await getTotals();
  return (
    <>
      <PageHeader title="Events" description="Every ElastiCache API call, newest first." />
      {totals.events === 0 ? <NoEventsYet /> : <p className="text-sm text-slate-600">{totals.events.toLocaleString("en-US")} events stored.</p>}
    </>
  );
}
