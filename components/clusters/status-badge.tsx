import type { ResourceStatus } from "@/lib/history";

const STYLE: Record<ResourceStatus, string> = {
  live: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  deleted: "bg-rose-50 text-rose-800 ring-rose-200",
  unknown: "bg-slate-100 text-slate-600 ring-slate-200",
};

const TITLE: Record<ResourceStatus, string> = {
  live: "A successful write to it was seen and no delete since",
  deleted: "A delete was seen (or a later re-create implies one)",
  unknown: "Only read calls or failed calls name it: its existence is not confirmed by the events",
};

export function StatusBadge({ status }: { status: ResourceStatus }) {
  return (
    <span
      title={TITLE[status]}
      className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLE[status]}`}
    >
      {status}
    </span>
  );
}
