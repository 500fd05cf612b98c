"use client";

import type { ReactNode } from "react";
import { useRole } from "@/components/auth/role-context";
import { linkOffered } from "@/lib/auth/page-access";
import type { Access } from "@/lib/auth/roles";
import { Button, ButtonLink } from "./button";
import { Code } from "./code";

/**
 * What the state offers next: a link, or (in a client component) something to do. The first one
 * leads. A link is offered only to roles that may use it: its page's access, or `needs` when the
 * action behind it needs more.
 */
export type EmptyStateAction = { label: string } & ({ href: string; needs?: Access } | { onClick: () => void });

export function EmptyState({
  title,
  children,
  actions = [],
}: {
  title: string;
  children?: ReactNode;
  actions?: EmptyStateAction[];
}) {
  const role = useRole();
  const offered = actions.filter((a) => !("href" in a) || linkOffered(role, a.href, a.needs));
  return (
    <section className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center" aria-label={title}>
      <h2 className="text-lg font-semibold text-slate-800">{title}</h2>
      {children && <div className="mx-auto mt-2 max-w-xl text-sm text-slate-600">{children}</div>}
      {offered.length > 0 && (
        <div className="mt-5 flex justify-center gap-3">
          {offered.map((a, i) => {
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
        { href: "/sources", label: "Connect an S3 bucket", needs: "admin" },
      ]}
    >
      No events yet — upload CloudTrail files or connect an S3 bucket. You can also load files from a terminal with{" "}
      <Code>npm run ingest -- path/to/AWSLogs</Code>, or a demo data set with <Code>npm run demo</Code>.
    </EmptyState>
  );
}
