"use client";

import { ErrorState } from "@/components/ui/error-state";
import "./globals.css";

// The root layout itself failed, so this replaces it: its own document, and the app's styles
// imported again (Next does not apply the layout's to this page).
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <title>Something went wrong · CacheTrail</title>
        <main className="mx-auto max-w-7xl px-4 py-6">
          <ErrorState error={error} retry={retry} />
        </main>
      </body>
    </html>
  );
}
