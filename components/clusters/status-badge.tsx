import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ResourceStatus } from "@/lib/history";

const TONE: Record<ResourceStatus, BadgeTone> = { live: "good", deleted: "bad", unknown: "neutral" };

const TITLE: Record<ResourceStatus, string> = {
  live: "A successful write to it was seen and no delete since",
  deleted: "A delete was seen (or a later re-create implies one)",
  unknown: "Only read calls or failed calls name it: its existence is not confirmed by the events",
};

export function StatusBadge({ status }: { status: ResourceStatus }) {
  return (
    <Badge tone={TONE[status]} title={TITLE[status]}>
      {status}
    </Badge>
  );
}
