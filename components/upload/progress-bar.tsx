/** A labelled progress bar; `value` of `max`, or indeterminate while `value` is null. */
export function ProgressBar({
  label,
  value,
  max,
  tone = "indigo",
}: {
  label: string;
  value: number | null;
  max: number;
  tone?: "indigo" | "emerald";
}) {
  const percent = value === null || max <= 0 ? null : Math.min(100, Math.round((value / max) * 100));
  const fill = tone === "emerald" ? "bg-emerald-500" : "bg-indigo-500";
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      className="h-1.5 w-full overflow-hidden rounded-full bg-slate-200"
    >
      <div
        className={`h-full ${fill} ${percent === null ? "w-1/3 animate-pulse" : "transition-[width] duration-200"}`}
        style={percent === null ? undefined : { width: `${percent}%` }}
      />
    </div>
  );
}
