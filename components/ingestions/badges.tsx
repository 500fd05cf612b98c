import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { RunStatus } from "@/lib/ingest/run-summary";
import { FILE_OUTCOMES, RUN_STATUSES } from "@/lib/run-history/labels";
import type { FileDisplayOutcome } from "@/lib/run-history/schemas";

// Looked up by the plain strings the pages hold; a value this page does not know is neutral.

const OUTCOME_TONES: Record<string, BadgeTone> = {
  ok: "good",
  partial: "warn",
  failed: "bad",
  skipped: "neutral",
  digest: "info",
  "not-ingested": "bad",
  "in-progress": "info",
} satisfies Record<FileDisplayOutcome, BadgeTone>;

const STATUS_TONES: Record<string, BadgeTone> = {
  running: "info",
  succeeded: "good",
  partial: "warn",
  failed: "bad",
  aborted: "bad",
} satisfies Record<RunStatus, BadgeTone>;

export function FileOutcomeBadge({ outcome }: { outcome: string }) {
  const shown = FILE_OUTCOMES[outcome];
  return (
    <Badge tone={OUTCOME_TONES[outcome] ?? "neutral"} title={shown?.title}>
      {shown?.label ?? outcome}
    </Badge>
  );
}

export function RunStatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONES[status] ?? "neutral"}>{RUN_STATUSES[status] ?? status}</Badge>;
}
