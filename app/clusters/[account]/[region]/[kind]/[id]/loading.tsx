import { Skeleton } from "@/components/ui/skeleton";

export default function ResourceLoading() {
  return (
    <div role="status" aria-label="Loading the resource's history">
      <Skeleton className="mb-2 h-8 w-72" />
      <Skeleton className="mb-6 h-5 w-[32rem]" />
      <Skeleton className="mb-4 h-20" />
      <div className="mb-4 grid gap-4 lg:grid-cols-3">
        <Skeleton className="h-72 lg:col-span-2" />
        <Skeleton className="h-72" />
      </div>
      <Skeleton className="mb-4 h-56" />
      <Skeleton className="h-96" />
    </div>
  );
}
