import type { ActivityCategory } from "@/lib/resources/types";

// One glyph and colour per kind of step, shared by the timeline and the chart legend.
export const CATEGORY_STYLE: Record<
  ActivityCategory,
  { glyph: string; label: string; className: string; color: string }
> = {
  create: { glyph: "+", label: "Create", className: "bg-emerald-600 text-white", color: "#059669" },
  modify: { glyph: "✎", label: "Modify", className: "bg-indigo-600 text-white", color: "#4f46e5" },
  scale: { glyph: "⇅", label: "Scale", className: "bg-violet-600 text-white", color: "#7c3aed" },
  delete: { glyph: "×", label: "Delete", className: "bg-rose-600 text-white", color: "#e11d48" },
  reboot: { glyph: "↻", label: "Reboot", className: "bg-amber-500 text-white", color: "#f59e0b" },
  failover: { glyph: "⇄", label: "Failover", className: "bg-orange-600 text-white", color: "#ea580c" },
  snapshot: { glyph: "◉", label: "Snapshot", className: "bg-cyan-600 text-white", color: "#0891b2" },
  tag: { glyph: "#", label: "Tag", className: "bg-teal-600 text-white", color: "#0d9488" },
  other: { glyph: "•", label: "Other", className: "bg-slate-500 text-white", color: "#64748b" },
  related: { glyph: "↗", label: "Names it", className: "bg-slate-300 text-slate-800", color: "#cbd5e1" },
  failed: {
    glyph: "!",
    label: "Failed call",
    className: "bg-white text-rose-700 ring-1 ring-rose-400",
    color: "#fda4af",
  },
  read: { glyph: "r", label: "Read", className: "bg-slate-100 text-slate-500 ring-1 ring-slate-300", color: "#e2e8f0" },
};

export function CategoryIcon({ category }: { category: ActivityCategory }) {
  const s = CATEGORY_STYLE[category];
  return (
    <span
      role="img"
      aria-label={s.label}
      title={s.label}
      className={`inline-flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-sm font-semibold leading-none ${s.className}`}
    >
      {s.glyph}
    </span>
  );
}
