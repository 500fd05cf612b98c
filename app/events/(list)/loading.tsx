import { PageHeader } from "@/components/layout/page-header";

// The explorer's shell while the first page is read, so the page does not jump when it arrives.
export default function Loading() {
  return (
    <>
      <PageHeader
        title="Events"
        description="Every ElastiCache API call CloudTrail recorded. Filter, share the link, export."
      />
      <div className="space-y-3" aria-busy="true" aria-label="Loading events">
        <div className="h-28 animate-pulse rounded-lg border border-slate-200 bg-white" />
        <div className="h-6 w-40 animate-pulse rounded bg-slate-200" />
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
          <div className="h-9 bg-slate-100" />
          {Array.from({ length: 10 }, (_, i) => (
            <div key={i} className="h-12 animate-pulse border-t border-slate-100 bg-white" />
          ))}
        </div>
      </div>
    </>
  );
}
