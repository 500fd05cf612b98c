import type { ComponentPropsWithRef } from "react";
import { cardClasses, type CardStyle } from "./card";
import { cx } from "./class-names";

// Tables. A list table (runs, resources, actors) fills a card of its own and scrolls
// sideways inside it; a compact table sits inside a card among other content. Cells take
// `compact` rather than reading it from the table: these render on the server too, where
// there is no context to read.

export function TableCard({ flat, className, ...props }: ComponentPropsWithRef<"div"> & Pick<CardStyle, "flat">) {
  return <div className={cx("overflow-x-auto", cardClasses({ padding: "none", flat }), className)} {...props} />;
}

type Compact = { compact?: boolean };

export function Table({ compact, className, ...props }: ComponentPropsWithRef<"table"> & Compact) {
  return <table className={cx(compact ? "w-full text-left" : "min-w-full", "text-sm", className)} {...props} />;
}

export function TableHead({ compact, className, ...props }: ComponentPropsWithRef<"thead"> & Compact) {
  return (
    <thead
      className={cx(
        compact ? "text-xs text-slate-500" : "bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500",
        className,
      )}
      {...props}
    />
  );
}

export function TableBody({ compact, className, ...props }: ComponentPropsWithRef<"tbody"> & Compact) {
  return (
    <tbody className={cx("divide-y divide-slate-100", compact && "border-t border-slate-100", className)} {...props} />
  );
}

export function Th({ compact, className, scope = "col", ...props }: ComponentPropsWithRef<"th"> & Compact) {
  return (
    <th
      scope={scope}
      className={cx(compact ? "py-1 pr-3 last:pr-0" : "px-3 py-2", "font-medium", className)}
      {...props}
    />
  );
}

export function Td({ compact, className, ...props }: ComponentPropsWithRef<"td"> & Compact) {
  return <td className={cx(compact ? "py-1.5 pr-3 last:pr-0" : "px-3 py-2", className)} {...props} />;
}
