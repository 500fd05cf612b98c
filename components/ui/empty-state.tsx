import Link from "next/link";
import type { ReactNode } from "react";

export function EmptyState({
  title,
  children,
  actions = [],
}: {
  title: string;
  children?: ReactNode;
  actions?: { href: string; label: string }[];
}) {
  return (
    <section className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center" aria-label={title}>
      <h2 className="text-lg font-semibold text-slate-800">{title}</h2>
      {children && <div className="mx-auto mt-2 max-w-xl text-sm text-slate-600">{children}</div>}
      {actions.length > 0 && (
        <div className="mt-5 flex justify-center gap-3">
          {actions.map((a, i) => (
            <Link
              key={a.href}
              href={a.href}
              className={
                i === 0
                  ? "rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500"
                  : "rounded-md border border-slate-300 px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50"
              }
            >
              {a.label}
            </Link>
          ))}
        </div>
      )}
    </section>
  );
}

/** The empty state every data page shows before anything is ingested. */
export function NoEventsYet() {
  return (
    <EmptyState
      title="No events yet"
      actions={[
        { href: "/upload", label: "Upload CloudTrail files" },
        { href: "/sources", label: "Connect an S3 bucket" },
      ]}
    >
      No events yet — upload CloudTrail files or connect an S3 bucket. You can also load files from a terminal with{" "}
      <code className="rounded bg-slate-100 px-1">npm run ingest -- path/to/AWSLogs</code>, or a demo data set with{" "}
      <code className="rounded bg-slate-100 px-1">npm run demo</code>.
    </EmptyState>
  );
}
