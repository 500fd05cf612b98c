import { FILE_OUTCOMES, RUN_STATUSES, TONE_CLASSES, type Tone } from "@/lib/run-history/labels";

function Badge({ tone, title, children }: { tone: Tone; title?: string; children: React.ReactNode }) {
  return (
    <span
      title={title}
      className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONE_CLASSES[tone]}`}
    >
      {children}
    </span>
  );
}

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
