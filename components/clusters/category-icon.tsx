import { cx } from "@/components/ui/class-names";
import type { ActivityCategory } from "@/lib/resources/types";

// One glyph and colour per kind of step, shared by the timeline and the activity chart. The
// colours are the theme's activity tokens (app/globals.css); failed calls and reads are drawn
// as outlines in the timeline, and filled with their token in the chart.

interface CategoryStyle {
  glyph: string;
  label: string;
  /** The timeline icon. */
  className: string;
  /** The chart series and legend swatch. */
  color: string;
}

export const CATEGORY_STYLE: Record<ActivityCategory, CategoryStyle> = {
  create: {
    glyph: "+",
    label: "Create",
    className: "bg-activity-create text-white",
    color: "var(--color-activity-create)",
  },
  modify: {
    glyph: "✎",
    label: "Modify",
    className: "bg-activity-modify text-white",
    color: "var(--color-activity-modify)",
  },
  scale: {
    glyph: "⇅",
    label: "Scale",
    className: "bg-activity-scale text-white",
    color: "var(--color-activity-scale)",
  },
  delete: {
    glyph: "×",
    label: "Delete",
    className: "bg-activity-delete text-white",
    color: "var(--color-activity-delete)",
  },
  reboot: {
    glyph: "↻",
    label: "Reboot",
    className: "bg-activity-reboot text-white",
    color: "var(--color-activity-reboot)",
  },
  failover: {
    glyph: "⇄",
    label: "Failover",
    className: "bg-activity-failover text-white",
    color: "var(--color-activity-failover)",
  },
  snapshot: {
    glyph: "◉",
    label: "Snapshot",
    className: "bg-activity-snapshot text-white",
    color: "var(--color-activity-snapshot)",
  },
  tag: {
    glyph: "#",
    label: "Tag",
    className: "bg-activity-tag text-white",
    color: "var(--color-activity-tag)",
  },
  other: {
    glyph: "•",
    label: "Other",
    className: "bg-activity-other text-white",
    color: "var(--color-activity-other)",
  },
  related: {
    glyph: "↗",
    label: "Names it",
    className: "bg-activity-related text-slate-800",
    color: "var(--color-activity-related)",
  },
  failed: {
    glyph: "!",
    label: "Failed call",
    className: "bg-white text-rose-700 ring-1 ring-rose-400",
    color: "var(--color-activity-failed)",
  },
  read: {
    glyph: "r",
    label: "Read",
    className: "bg-slate-100 text-slate-500 ring-1 ring-slate-300",
    color: "var(--color-activity-read)",
  },
};

export function CategoryIcon({ category }: { category: ActivityCategory }) {
  const s = CATEGORY_STYLE[category];
  return (
    <span
      role="img"
      aria-label={s.label}
      title={s.label}
      className={cx(
        "inline-flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-sm font-semibold leading-none",
        s.className,
      )}
    >
      {s.glyph}
    </span>
  );
}
