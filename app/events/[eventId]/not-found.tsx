"use client";

import { useParams } from "next/navigation";
import { Code } from "@/components/ui/code";
import { EmptyState } from "@/components/ui/empty-state";
import { eventsPageUrl } from "@/lib/events/filters";

// No loading.tsx above this page on purpose: without a Suspense boundary streaming first,
// an unknown id answers with a real 404 status, not a 200 page that says "not found".

/** useParams gives the segment as it is in the URL (percent-encoded), unlike the page's params. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export default function EventNotFound() {
  const params = useParams<{ eventId?: string }>();
  const eventId = decodeSegment(params?.eventId ?? "");
  return (
    <EmptyState
      title="No such event"
      actions={[
        ...(eventId && eventId.length <= 256
          ? [{ href: eventsPageUrl({ q: eventId }), label: "Search events for this id" }]
          : []),
        { href: "/events", label: "Browse events" },
        { href: "/upload", label: "Upload CloudTrail files" },
      ]}
    >
      No event with ID <Code className="break-all">{eventId || "(none)"}</Code> has been ingested here. If the call
      happened, the CloudTrail file that records it may not be loaded yet: CloudTrail delivers files about every five
      minutes, and older ones have to be uploaded or synced from the bucket.
    </EmptyState>
  );
}
