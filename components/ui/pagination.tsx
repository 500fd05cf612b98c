import { buttonClasses, ButtonLink } from "./button";
import { cx } from "./class-names";
import { formatCount } from "@/lib/format/numbers";

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
  // A page that does not exist is no link at all, drawn as a disabled button.
  const disabled = cx(buttonClasses(), "cursor-not-allowed opacity-50");
  return (
    <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm text-slate-600">
      <span className="tabular-nums">
        {formatCount(first)}–{formatCount(last)} of {formatCount(total)}
      </span>
      <span className="flex gap-2">
        {page > 1 ? (
          <ButtonLink href={href(page - 1)}>Previous</ButtonLink>
        ) : (
          <span className={disabled}>Previous</span>
        )}
        {page < pageCount ? (
          <ButtonLink href={href(page + 1)}>Next</ButtonLink>
        ) : (
          <span className={disabled}>Next</span>
        )}
      </span>
    </nav>
  );
}
