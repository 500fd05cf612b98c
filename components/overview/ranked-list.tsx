import type { ReactNode } from "react";
import Link from "next/link";
import { Card, SectionLabel } from "@/components/ui/card";
import { formatCount } from "@/lib/format/numbers";

// A card listing the top few of something with their counts; each row a link to what it counts.
// Its body keeps a minimum height, so a refresh with fewer rows does not move the page.

export interface RankedItem {
  key: string;
  label: ReactNode;
  detail?: ReactNode;
  count: number;
  href: string;
}

export function RankedList({
  title,
  unit,
  items,
  empty,
  testId,
}: {
  title: string;
  unit: string;
  items: RankedItem[];
  empty: string;
  testId?: string;
}) {
  const top = Math.max(1, ...items.map((i) => i.count));
  return (
    <Card aria-label={title} data-testid={testId}>
      <div className="mb-2 flex items-baseline justify-between">
        <SectionLabel>{title}</SectionLabel>
        <span className="text-xs text-slate-500">{unit}</span>
      </div>
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">{empty}</p>
      ) : (
        <ol className="min-h-40 space-y-1">
          {items.map((i) => (
            <li key={i.key}>
              <Link href={i.href} className="group relative block rounded px-2 py-1 hover:bg-slate-50">
                {/* The bar behind the row: its share of the top count. */}
                <span
                  aria-hidden
                  className="absolute inset-y-0 left-0 rounded bg-indigo-50"
                  style={{ width: `${(i.count / top) * 100}%` }}
                />
                <span className="relative flex items-baseline justify-between gap-3 text-sm">
                  <span className="min-w-0 truncate text-indigo-800 group-hover:underline">
                    {i.label}
                    {i.detail && <span className="ml-2 text-xs text-slate-500">{i.detail}</span>}
                  </span>
                  <span className="shrink-0 tabular-nums text-slate-700">{formatCount(i.count)}</span>
                </span>
              </Link>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
