import type { ReactNode } from "react";
import { Button, ButtonLink } from "./button";
import { Code } from "./code";

/** What the state offers next: a link, or (in a client component) something to do. The first one leads. */
export type EmptyStateAction = { label: string } & ({ href: string } | { onClick: () => void });

export function EmptyState({
  title,
  children,
  actions = [],
}: {
  title: string;
  children?: ReactNode;
  actions?: EmptyStateAction[];
}) {
  return (
    <section className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center" aria-label={title}>
      <h2 className="text-lg font-semibold text-slate-800">{title}</h2>
      {children && <div className="mx-auto mt-2 max-w-xl text-sm text-slate-600">{children}</div>}
      {actions.length > 0 && (
        <div className="mt-5 flex justify-center gap-3">
          {actions.map((a, i) => {
            const variant = i === 0 ? "primary" : "secondary";
            return "href" in a ? (
              <ButtonLink key={a.href} href={a.href} variant={variant} size="lg">
                {a.label}
              </ButtonLink>
            ) : (
              <Button key={a.label} onClick={a.onClick} variant={variant} size="lg">
                {a.label}
              </Button>
            );
          })}
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
      <Code>npm run ingest -- path/to/AWSLogs</Code>, or a demo data set with <Code>npm run demo</Code>.
    </EmptyState>
  );
}
