"use client";

import { Code } from "./code";
import { EmptyState } from "./empty-state";

// What a page shows when it could not be built: a sentence, a retry and a way home. Never the
// error itself: in production a server error reaches the browser as a generic message and a
// digest, the key to its entry in the server log, which is what a report needs.

export function ErrorState({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  return (
    <EmptyState
      title="Something went wrong"
      actions={[
        { label: "Try again", onClick: retry },
        { label: "Overview", href: "/" },
      ]}
    >
      CacheTrail could not show this page. Trying again often helps; if it keeps failing,{" "}
      {digest ? (
        <>
          the server log says why under the reference <Code>{digest}</Code>.
        </>
      ) : (
        // Thrown in the browser: the server has nothing to say about it.
        "reload the page."
      )}
    </EmptyState>
  );
}
