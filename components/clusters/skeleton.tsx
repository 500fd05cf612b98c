/** Grey blocks in the shape of the page to come, so nothing jumps when the data arrives. */
export function Skeleton({ className = "" }: { className?: string }) {
  return <div aria-hidden className={`animate-pulse rounded-lg bg-slate-200/70 ${className}`} />;
}
