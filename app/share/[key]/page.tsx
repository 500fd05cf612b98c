import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { EventFacts } from "@/components/events/detail/event-facts";
import { JsonTree } from "@/components/events/detail/json-tree";
import { RawRecord } from "@/components/events/detail/raw-record";
import { RequestedChanges } from "@/components/events/detail/requested-changes";
import { PageHeader } from "@/components/layout/page-header";
import { Card, SectionLabel } from "@/components/ui/card";
import { openShareLink } from "@/lib/auth/share-links";
import { db } from "@/lib/db/client";
import { getEvent } from "@/lib/events/detail";
import { inCloudTrailOrder } from "@/lib/events/record-order";
import { requestedChanges } from "@/lib/events/requested-changes";
import { eventSentence, eventTitle } from "@/lib/events/summary";

// One event, read-only, for whoever has the link (public by the proxy; the key is the permission).
// Secrets are masked as everywhere (they were masked at ingest). Nothing links further into the app.

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ key: string }> };

const load = cache(async (key: string, countView: boolean) => {
  const eventId = await openShareLink(db(), key, countView);
  return eventId ? getEvent(db(), eventId) : null;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await load((await params).key, false);
  if (!found) return { title: "Link expired or revoked", robots: { index: false } };
  const title = eventTitle(found.detail);
  const description = eventSentence(found.detail);
  return {
    title,
    description,
    robots: { index: false, follow: false },
    openGraph: { title, description, type: "article", siteName: "CacheTrail" },
    twitter: { card: "summary", title, description },
  };
}

export default async function SharedEventPage({ params }: Props) {
  const found = await load((await params).key, true);
  if (!found) notFound();
  const event = found.detail;
  const changes = requestedChanges(event);
  const record = inCloudTrailOrder(event.record);
  return (
    <>
      <p className="mb-3 rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm text-indigo-900">
        A shared CacheTrail event: read-only, and only this event.
      </p>
      <PageHeader
        title={event.eventName}
        description={<span data-testid="event-sentence">{eventSentence(event)}</span>}
      />
      <div className="space-y-4">
        <EventFacts event={event} />
        {changes && <RequestedChanges changes={changes} />}
        <Card aria-label="Request parameters">
          <SectionLabel className="mb-2">Request parameters</SectionLabel>
          {record.requestParameters == null ? (
            <p className="text-sm text-slate-600">CloudTrail recorded no request parameters for this call.</p>
          ) : (
            <JsonTree value={record.requestParameters} label="Request parameters" />
          )}
        </Card>
        <RawRecord
          json={JSON.stringify(record, null, 2)}
          fileName={`${event.eventId.replace(/[^\w.-]+/g, "_")}.json`}
        />
      </div>
    </>
  );
}
