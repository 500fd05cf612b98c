import { Badge } from "@/components/ui/badge";
import { cx } from "@/components/ui/class-names";

// Outcome and access at a glance: a failure must stand out from the successes around it
// without relying on colour alone (the error code is spelled out).

export function OutcomeBadge({ errorCode, errorMessage }: { errorCode: string | null; errorMessage?: string | null }) {
  if (!errorCode) {
    return (
      <span className="inline-flex items-center gap-1 text-xs font-medium text-success">
        <span aria-hidden>✓</span>Success
      </span>
    );
  }
  return (
    <span
      className={cx(
        "inline-block max-w-44 truncate rounded px-1.5 py-0.5 align-middle font-mono text-xs font-semibold",
        "bg-red-100 text-red-800 ring-1 ring-red-200",
      )}
      title={errorMessage ? `${errorCode}: ${errorMessage}` : errorCode}
    >
      <span aria-hidden>✕ </span>
      {errorCode}
    </span>
  );
}

export function AccessBadge({ readOnly }: { readOnly: boolean }) {
  return (
    <Badge shape="tag" tone={readOnly ? "neutral" : "warn"}>
      {readOnly ? "Read" : "Write"}
    </Badge>
  );
}
