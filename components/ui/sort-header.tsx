import Link from "next/link";
import type { ReactNode } from "react";
import { Th } from "./table";

export type SortDirection = "asc" | "desc";

/**
 * A list table's column header that sorts by its column (the actors and resources lists): clicking the
 * active column flips it, another column starts in its natural direction (`dir` undefined in its link).
 */
export function SortHeader<S extends string>({
  sort,
  current,
  dir,
  href,
  children,
  className = "",
}: {
  sort: S;
  /** The list's sort column and direction now. */
  current: S;
  dir: SortDirection;
  /** The list's URL sorted so (page 1). */
  href: (next: { sort: S; dir: SortDirection | undefined }) => string;
  children: ReactNode;
  className?: string;
}) {
  const active = current === sort;
  const next = active ? { sort, dir: dir === "asc" ? ("desc" as const) : ("asc" as const) } : { sort, dir: undefined };
  return (
    <Th aria-sort={active ? (dir === "asc" ? "ascending" : "descending") : "none"} className={className}>
      <Link href={href(next)} className="inline-flex items-center gap-1 hover:text-slate-900">
        {children}
        <span aria-hidden className={active ? "text-indigo-600" : "text-slate-300"}>
          {active && dir === "asc" ? "▲" : "▼"}
        </span>
      </Link>
    </Th>
  );
}
