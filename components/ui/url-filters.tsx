"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition, type ReactNode } from "react";
import { cx } from "./class-names";
import { fieldClasses } from "./field";
import { textLinkClasses } from "./text-link";

// A list's filters kept in the URL (the actors and resources lists): each change rewrites the URL at
// page 1, which the server renders; the search box searches once typing pauses; underneath is a plain
// GET form carrying the other filters as hidden inputs, so Enter searches even before (or without)
// JavaScript.

export interface UrlFilters<P> {
  /** The search box's text as typed. */
  q: string;
  setQ: (q: string) => void;
  /** Replaces the URL with these filters changed, at page 1. */
  go: (next: Partial<P>) => void;
  pending: boolean;
}

export function useUrlFilters<P extends { q?: string; page?: number }>(
  params: P,
  href: (params: P) => string,
): UrlFilters<P> {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [q, setQ] = useState(params.q ?? "");
  const go = (next: Partial<P>) =>
    startTransition(() => router.replace(href({ ...params, ...next, page: 1 }), { scroll: false }));

  // Search as you type, once typing pauses.
  useEffect(() => {
    if ((params.q ?? "") === q.trim()) return;
    const timer = setTimeout(() => go({ q: q.trim() || undefined } as Partial<P>), 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the typed text should schedule a search
  }, [q]);

  return { q, setQ, go, pending };
}

/** The filter form: hidden inputs for the other filters, the search box, the menus (children), "Clear filters". */
export function UrlFilterForm<P extends { q?: string }>({
  filters,
  action,
  hidden,
  search,
  cleared,
  children,
}: {
  filters: UrlFilters<P>;
  action: string;
  /** Filters carried by the plain form; undefined ones are left out. */
  hidden: Record<string, string | undefined>;
  search: { label: string; placeholder: string; className: string };
  /** The filters "Clear filters" resets, or null when nothing is filtered (no link). */
  cleared: Partial<P> | null;
  children: ReactNode;
}) {
  const { q, setQ, go, pending } = filters;
  const submitted = { q: q.trim() || undefined } as Partial<P>;
  return (
    <form
      role="search"
      method="get"
      action={action}
      className="mb-4 flex flex-wrap items-center gap-2"
      onSubmit={(e) => (e.preventDefault(), go(submitted))}
    >
      {Object.entries(hidden).map(([name, value]) =>
        value === undefined ? null : <input key={name} type="hidden" name={name} value={value} />,
      )}
      <input
        type="search"
        name="q"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder={search.placeholder}
        aria-label={search.label}
        className={fieldClasses("wide", cx("text-sm", search.className))}
      />
      {children}
      {cleared && (
        <button
          type="button"
          className={cx(textLinkClasses, "text-sm")}
          onClick={() => (setQ(""), go({ ...cleared, q: undefined }))}
        >
          Clear filters
        </button>
      )}
      {pending && <span className="text-xs text-slate-500">Loading…</span>}
    </form>
  );
}

/** A filter menu: "all" (no value) first, then each option (a value, or [value, label]). */
export function FilterSelect(props: {
  label: string;
  all: string;
  value: string | undefined;
  options: ReadonlyArray<string | readonly [string, string]>;
  onChange: (value: string | undefined) => void;
}) {
  return (
    <select
      aria-label={props.label}
      className={fieldClasses("md", "text-sm")}
      value={props.value ?? ""}
      onChange={(e) => props.onChange(e.target.value || undefined)}
    >
      <option value="">{props.all}</option>
      {props.options.map((option) => {
        const [value, label] = typeof option === "string" ? [option, option] : option;
        return (
          <option key={value} value={value}>
            {label}
          </option>
        );
      })}
    </select>
  );
}
