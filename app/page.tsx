import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { NoEventsYet } from "@/components/ui/empty-state";
import { db } from "@/lib/db/client";
import { getTotals } from "@/lib/overview/queries";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const totals = await getTotals(db());
  return (
    <>
      <PageHeader title="Overview" description="The audit history of your ElastiCache resources, from CloudTrail." />
      {totals.events === 0 ? (
        <NoEventsYet />
      ) : (
        <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {[
            { label: "Events", value: totals.events, href: "/events" },
            { label: "Resources", value: totals.resources, href: "/clusters" },
            { label: "Actors", value: totals.actors, href: "/actors" },
            { label: "Ingestion runs", value: totals.runs, href: "/ingestions" },
          ].map((t) => (
            <Link
              key={t.label}
              href={t.href}
              className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm hover:border-indigo-300"
            >
              <dt className="text-sm text-slate-500">{t.label}</dt>
              <dd className="mt-1 text-3xl font-semibold tabular-nums">{t.value.toLocaleString("en-US")}</dd>
            </Link>
          ))}
        </dl>
      )}
    </>
  );
}
