import Link from "next/link";

/** Previous / next links; `href(page)` builds each page's URL from the same schema as the filters. */
export function Pagination({
  page,
  pageCount,
  total,
  pageSize,
  href,
}: {
  page: number;
  pageCount: number;
  total: number;
  pageSize: number;
  href: (page: number) => string;
}) {
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const link = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50";
  const disabled = "rounded-md border border-slate-200 px-3 py-1.5 text-sm text-slate-400";
  return (
    <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm text-slate-600">
      <span className="tabular-nums">
        {first.toLocaleString("en-US")}–{last.toLocaleString("en-US")} of {total.toLocaleString("en-US")}
      </span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link className={link} href={href(page - 1)}>
            Previous
          </Link>
        ) : (
          <span className={disabled}>Previous</span>
        )}
        {page < pageCount ? (
          <Link className={link} href={href(page + 1)}>
            Next
          </Link>
        ) : (
          <span className={disabled}>Next</span>
        )}
      </span>
    </nav>
  );
}
