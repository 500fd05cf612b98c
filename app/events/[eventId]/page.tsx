import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { EventIntegrityNote } from "@/components/completeness/event-integrity-note";
import { PageHeader } from "@/components/layout/page-header";
import { ActorLink, ResourceLink } from "@/components/links";
import { ShareButton } from "@/components/auth/share-button";
import { CopyLinkButton } from "@/components/events/copy-button";
import { EventFacts } from "@/components/events/detail/event-facts";
import { JsonTree } from "@/components/events/detail/json-tree";
import { RawRecord } from "@/components/events/detail/raw-record";
import { RelatedEvents } from "@/components/events/detail/related-events";
import { RequestedChanges } from "@/components/events/detail/requested-changes";
import { ResourcesTouched } from "@/components/events/detail/resources-touched";
import { Card, SectionLabel } from "@/components/ui/card";
import { Code } from "@/components/ui/code";
import { db } from "@/lib/db/client";
import { getEvent, getRelatedEvents } from "@/lib/events/detail";
import { reindentJson } from "@/lib/events/json-reindent";
import { inCloudTrailOrder } from "@/lib/events/record-order";
import { requestedChanges } from "@/lib/events/requested-changes";
import { eventSentence, eventTitle, kindLabel, outcomeText, primaryResource } from "@/lib/events/summary";
import type { EventDetail } from "@/lib/events/types";
import { eventUrl } from "@/lib/urls";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ eventId: string }> };

// Metadata and page ask for the same event: one query per request.
const loadEvent = cache((eventId: string) => getEvent(db(), eventId));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await loadEvent((await params).eventId);
  if (!found) return { title: "Event not found" };
  const title = eventTitle(found.detail);
  const description = eventSentence(found.detail);
  return {
    title,
    description,
    openGraph: { title, description, type: "article", siteName: "CacheTrail" },
    twitter: { card: "summary", title, description },
  };
}

function Sentence({ event }: { event: EventDetail }) {
  const target = primaryResource(event);
  return (
    <span data-testid="event-sentence">
      <ActorLink actorKey={event.actor.key} name={event.actor.name} type={event.actor.type} /> ({event.actor.type})
      called <strong className="font-medium text-slate-800">{event.eventName}</strong>
      {target && (
        <>
          {" "}
          on {kindLabel(target.kind)} <ResourceLink resource={target} at={event.eventTime} />
        </>
      )}
      {event.awsRegion && <> in {event.awsRegion}</>} (account {event.accountId || "unknown"});{" "}
      <span className={event.errorCode ? "font-medium text-failure" : "text-success"}>it {outcomeText(event)}</span>.
    </span>
  );
}

function Parameters({ title, value, empty }: { title: string; value: unknown; empty: React.ReactNode }) {
  return (
    <Card aria-label={title}>
      <SectionLabel className="mb-2">{title}</SectionLabel>
      {value === null || value === undefined ? (
        <p className="text-sm text-slate-600">{empty}</p>
      ) : (
        <JsonTree value={value} label={title} />
      )}
    </Card>
  );
}

export default async function EventPage({ params }: Props) {
  const { eventId } = await params;
  const found = await loadEvent(eventId);
  if (!found) notFound();
  const event = found.detail;
  const related = await getRelatedEvents(db(), found.anchor);
  const changes = requestedChanges(event);
  const record = inCloudTrailOrder(event.record);

  return (
    <>
      <PageHeader
        title={event.eventName}
        description={<Sentence event={event} />}
        actions={
          <div className="flex items-start gap-2">
            <CopyLinkButton path={eventUrl(event.eventId)} />
            <ShareButton eventId={event.eventId} />
          </div>
        }
      />
      <div className="space-y-4">
        <EventIntegrityNote eventId={event.eventId} />
        <EventFacts event={event} />
        <ResourcesTouched resources={event.resources} eventTime={event.eventTime} />
        {changes && <RequestedChanges changes={changes} />}
        <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
          <Parameters
            title="Request parameters"
            value={record.requestParameters}
            empty="CloudTrail recorded no request parameters for this call."
          />
          <Parameters
            title="Response elements"
            value={record.responseElements}
            empty={
              <>
                CloudTrail recorded no response for this call (<Code>responseElements</Code> is null). It leaves it null
                for read-only calls such as Describe* and List*, for failed calls, and for some writes, so what the call
                returned is not known from CloudTrail.
              </>
            }
          />
        </div>
        {record.additionalEventData !== undefined && record.additionalEventData !== null && (
          <Parameters title="Additional event data" value={record.additionalEventData} empty={null} />
        )}
        <RelatedEvents related={related} />
        <RawRecord json={reindentJson(event.recordText)} fileName={`${event.eventId.replace(/[^\w.-]+/g, "_")}.json`} />
      </div>
    </>
  );
}
