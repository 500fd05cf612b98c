import { ResourceLink } from "@/components/links";
import { plural } from "@/lib/format/numbers";
import type { ChangedResource } from "@/lib/run-history/schemas";

/** "cache-cluster prod-redis (3 changes)": one resource a run changed, on its page and after an upload. */
export function ChangedResourceItem({ resource }: { resource: ChangedResource }) {
  return (
    <li>
      <ResourceLink resource={resource} showKind />{" "}
      <span className="text-slate-500">({plural(resource.changes, "change")})</span>
    </li>
  );
}
