import { Skeleton } from "@/components/ui/skeleton";
import { PageHeader } from "@/components/layout/page-header";

export default function ClustersLoading() {
  return (
    <div role="status" aria-label="Loading resources">
      <PageHeader
        title="Clusters"
        description="Every ElastiCache resource seen in your trails: cache clusters, replication groups, serverless caches and more."
      />
      <Skeleton className="mb-4 h-9 w-2/3" />
      <Skeleton className="mb-4 h-9 w-1/2" />
      <Skeleton className="h-96" />
    </div>
  );
}
