import type { ReactNode } from "react";
import { cx } from "./class-names";

// Short labels beside a value. pill: a state (live, Failed, Running); tag: a property of a
// row (Read, Write, applied); note: a remark inside a line of text (→ 3 pending).

export type BadgeTone = "good" | "warn" | "bad" | "neutral" | "info";

const OUTLINED: Record<BadgeTone, string> = {
  good: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  warn: "bg-amber-50 text-amber-800 ring-amber-200",
  bad: "bg-rose-50 text-rose-800 ring-rose-200",
  neutral: "bg-slate-100 text-slate-700 ring-slate-200",
  info: "bg-sky-50 text-sky-800 ring-sky-200",
};

const FILLED: Record<BadgeTone, string> = {
  good: "bg-emerald-100 text-emerald-800",
  warn: "bg-amber-100 text-amber-800",
  bad: "bg-rose-100 text-rose-800",
  neutral: "bg-slate-100 text-slate-700",
  info: "bg-sky-100 text-sky-800",
};

const SHAPE = {
  pill: "inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
  tag: "rounded px-1.5 py-0.5 text-xs font-medium",
  note: "rounded px-1.5 text-xs ring-1",
} as const;

export function Badge({
  tone = "neutral",
  shape = "pill",
  title,
  className,
  children,
  ...data
}: {
  tone?: BadgeTone;
  shape?: keyof typeof SHAPE;
  title?: string;
  className?: string;
  children: ReactNode;
  "data-testid"?: string;
}) {
  return (
    <span
      title={title}
      className={cx(SHAPE[shape], shape === "tag" ? FILLED[tone] : OUTLINED[tone], className)}
      {...data}
    >
      {children}
    </span>
  );
}
