import type { SourceStatus } from "@/lib/sources/schemas";

const SHOWN: Record<SourceStatus, { label: string; className: string }> = {
  idle: { label: "Idle", className: "bg-slate-50 text-slate-700 ring-slate-300" },
  syncing: { label: "Syncing", className: "bg-indigo-50 text-indigo-700 ring-indigo-300" },
  paused: { label: "Paused", className: "bg-amber-50 text-amber-800 ring-amber-300" },
  failing: { label: "Failing", className: "bg-rose-50 text-rose-700 ring-rose-300" },
};

export function SourceStatusBadge({ status }: { status: SourceStatus }) {
  const shown = SHOWN[status];
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${shown.className}`}>
      {shown.label}
    </span>
  );
}
