"use client";

import { ErrorState } from "@/components/ui/error-state";

// A page that failed to render (the database unreachable, a bug): the header and navigation stay.
export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorState error={error} retry={retry} />;
}
