import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <EmptyState
      title="Page not found"
      actions={[
        { href: "/events", label: "Browse events" },
        { href: "/", label: "Overview" },
      ]}
    >
      The link may be mistyped, or the data it pointed to has not been ingested here.
    </EmptyState>
  );
}
