"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Button, buttonClasses } from "@/components/ui/button";
import { cx } from "@/components/ui/class-names";
import { EmptyState } from "@/components/ui/empty-state";
import { fieldClasses } from "@/components/ui/field";
import { textLinkClasses } from "@/components/ui/text-link";
import { describeError } from "@/lib/api/fetch-json";
import { fetchEventPage } from "@/lib/events/api-client";
import { exportUrl, PAGE_SIZES, type EventFilters, type EventFiltersInput } from "@/lib/events/filters";
import { eventKeys } from "@/lib/events/query-keys";
import { ActiveFilters } from "./active-filters";
import { EventTable } from "./event-table";
import { FilterBar } from "./filter-bar";
import { TotalLabel } from "./total-label";
import { useEventFilters } from "./use-event-filters";

// The event explorer: the URL holds the view, react-query holds the pages. The first page
// comes hydrated from the server render; later pages keep the previous rows on screen
// (dimmed) until the next ones arrive.

function Pager({
  filters,
  prev,
  next,
  onPage,
}: {
  filters: EventFilters;
  prev: string | null;
  next: string | null;
  onPage: (patch: EventFiltersInput) => void;
}) {
  const newestFirst = filters.sort === "newest";
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-2">
      <div className="flex gap-2">
        <Button disabled={!prev} onClick={() => prev && onPage({ after: undefined, before: prev })}>
          ← Previous page
          <span className="sr-only sm:not-sr-only sm:ml-1 sm:text-xs sm:text-slate-500">
            ({newestFirst ? "newer" : "older"})
          </span>
        </Button>
        <Button disabled={!next} onClick={() => next && onPage({ before: undefined, after: next })}>
          Next page
          <span className="sr-only sm:not-sr-only sm:ml-1 sm:text-xs sm:text-slate-500">
            ({newestFirst ? "older" : "newer"})
          </span>{" "}
          →
        </Button>
        {(filters.after || filters.before) && (
          <button
            type="button"
            className={cx(textLinkClasses, "text-sm")}
            onClick={() => onPage({ after: undefined, before: undefined })}
          >
            Back to the {newestFirst ? "newest" : "oldest"}
          </button>
        )}
      </div>
      <p className="hidden text-xs text-slate-500 md:block">
        <kbd className="rounded border px-1">j</kbd>/<kbd className="rounded border px-1">k</kbd> or ↓/↑ to move,{" "}
        <kbd className="rounded border px-1">Enter</kbd> to open
      </p>
    </nav>
  );
}

function Toolbar({
  filters,
  onFilters,
  onPage,
  children,
}: {
  filters: EventFilters;
  onFilters: (patch: EventFiltersInput) => void;
  onPage: (patch: EventFiltersInput) => void;
  children: React.ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <div className="flex items-center gap-3">{children}</div>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <label className="flex items-center gap-1 text-slate-600">
          Sort
          <select
            className={fieldClasses("sm")}
            value={filters.sort}
            onChange={(e) => onFilters({ sort: e.target.value as EventFilters["sort"] })}
          >
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
          </select>
        </label>
        <label className="flex items-center gap-1 text-slate-600">
          Rows
          <select
            className={fieldClasses("sm")}
            value={filters.limit}
            onChange={(e) => onPage({ limit: Number(e.target.value) })}
          >
            {[...new Set([...PAGE_SIZES, filters.limit])]
              .sort((a, b) => a - b)
              .map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
          </select>
        </label>
        <span className="text-slate-600">Export</span>
        {/* Plain links: a file to save, not a page for the router to prefetch. */}
        <a href={exportUrl(filters, "csv")} download className={buttonClasses({ size: "sm" })}>
          CSV
        </a>
        <a href={exportUrl(filters, "json")} download className={buttonClasses({ size: "sm" })}>
          JSON
        </a>
      </div>
    </div>
  );
}

export function EventExplorer() {
  const { filters, ignored, setFilters, setPage } = useEventFilters();
  const page = useQuery({
    queryKey: eventKeys.list(filters),
    queryFn: ({ signal }) => fetchEventPage(filters, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <div className="space-y-3">
      <FilterBar filters={filters} onChange={setFilters} />
      {ignored.length > 0 && (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          Ignored {ignored.length === 1 ? "a parameter" : "parameters"} of this link:{" "}
          {ignored.map((i) => `${i.param} (${i.message})`).join("; ")}.
        </p>
      )}
      <ActiveFilters filters={filters} onChange={setFilters} />
      <Toolbar filters={filters} onFilters={setFilters} onPage={setPage}>
        {page.data ? <TotalLabel total={page.data.total} /> : <span className="text-sm text-slate-500">Loading…</span>}
        {page.isFetching && page.data && <span className="text-xs text-slate-500">Updating…</span>}
      </Toolbar>
      {page.isError && !page.data && (
        <EmptyState
          title="The events could not be loaded"
          actions={[{ label: "Try again", onClick: () => void page.refetch() }]}
        >
          {describeError(page.error)}
        </EmptyState>
      )}
      {page.data && page.data.events.length === 0 && !page.isPlaceholderData && (
        <EmptyState title="No events match these filters" actions={[{ href: "/events", label: "Clear all filters" }]}>
          Widen the time range or remove a filter above.
        </EmptyState>
      )}
      {page.data && page.data.events.length > 0 && (
        <>
          <EventTable key={eventKeys.list(filters).join("|")} events={page.data.events} busy={page.isPlaceholderData} />
          <Pager filters={filters} prev={page.data.prev} next={page.data.next} onPage={setPage} />
        </>
      )}
    </div>
  );
}
