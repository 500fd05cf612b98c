import { cardClasses } from "./card";
import { cx } from "./class-names";

/** Grey blocks in the shape of the page to come, so nothing jumps when the data arrives. */
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden className={cx("animate-pulse rounded-lg bg-slate-200/70", className)} />;
}

/** A list table's box while its rows load: the header band, then `rows` empty rows. */
export function TableSkeleton({ rows }: { rows: number }) {
  return (
    <div aria-hidden className={cx("overflow-hidden", cardClasses({ padding: "none", flat: true }))}>
      <div className="h-9 bg-slate-100" />
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="h-12 border-t border-slate-100" />
      ))}
    </div>
  );
}
