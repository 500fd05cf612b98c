import { Badge } from "@/components/ui/badge";
import { FILE_OUTCOMES, RUN_STATUSES } from "@/lib/run-history/labels";

export function FileOutcomeBadge({ outcome }: { outcome: string }) {
  const shown = FILE_OUTCOMES[outcome] ?? { label: outcome, tone: "neutral" as const, title: undefined };
  return (
    <Badge tone={shown.tone} title={shown.title}>
      {shown.label}
    </Badge>
  );
}

export function RunStatusBadge({ status }: { status: string }) {
  const shown = RUN_STATUSES[status] ?? { label: status, tone: "neutral" as const };
  return <Badge tone={shown.tone}>{shown.label}</Badge>;
}
