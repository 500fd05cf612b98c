import { PageHeader } from "@/components/layout/page-header";
import { Skeleton, TableSkeleton } from "@/components/ui/skeleton";

// The explorer's shell while the first page is read, so the page does not jump when it arrives.
export default function Loading() {
  return (
    <>
      <PageHeader
        title="Events"
        description="Every ElastiCache API call CloudTrail recorded. Filter, share the link, export."
      />
      <div className="space-y-3" aria-busy="true" aria-label="Loading events">
        <Skeleton className="h-28" />
        <Skeleton className="h-6 w-40" />
        <TableSkeleton rows={10} />
      </div>
    </>
  );
}
