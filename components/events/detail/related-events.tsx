import type { ReactNode } from "react";
import { EventLink, ResourceLink } from "@/components/links";
import { Timestamp } from "@/components/time/timestamp";
import { Card, SectionLabel } from "@/components/ui/card";
import type { RelatedEvent, RelatedEvents as Related } from "@/lib/events/types";
import { OutcomeBadge } from "../badges";

function Item({ event, prefix }: { event: RelatedEvent; prefix?: string }) {
  return (
    <li className="flex flex-wrap items-baseline gap-x-2 py-1 text-sm">
      {prefix && <span className="w-16 text-xs text-slate-500">{prefix}</span>}
      <span className="text-xs text-slate-600">
        <Timestamp iso={event.eventTime} />
      </span>
      <EventLink eventId={event.eventId}>{event.eventName}</EventLink>
      <span className="truncate text-xs text-slate-500">by {event.actorName}</span>
      {event.errorCode && <OutcomeBadge errorCode={event.errorCode} />}
    </li>
  );
}

function Group({ title, empty, children }: { title: string; empty: string | null; children: ReactNode }) {
  return (
    <div>
      <h3 className="mb-1 text-sm font-semibold text-slate-800">{title}</h3>
      {empty ? <p className="text-sm text-slate-500">{empty}</p> : children}
    </div>
  );
}

export function RelatedEvents({ related }: { related: Related }) {
  return (
    <Card aria-labelledby="related-heading" className="space-y-4">
      <SectionLabel id="related-heading">Related events</SectionLabel>
      <Group
        title="Same request ID"
        empty={related.sameRequest.length ? null : "No other event carries this request ID."}
      >
        <ul>
          {related.sameRequest.map((e) => (
            <Item key={e.eventId} event={e} />
          ))}
        </ul>
      </Group>
      <Group
        title="Before and after, on the same resource"
        empty={related.onResources.length ? null : "This call touched no resource."}
      >
        <ul className="space-y-2">
          {related.onResources.map((n) => (
            <li key={`${n.resource.kind}|${n.resource.accountId}|${n.resource.region}|${n.resource.resourceId}`}>
              <div className="text-xs">
                <ResourceLink resource={n.resource} showKind />
              </div>
              <ul className="ml-2">
                {n.previous ? (
                  <Item event={n.previous} prefix="previous" />
                ) : (
                  <li className="py-1 text-xs text-slate-500">No earlier event on it.</li>
                )}
                {n.next ? (
                  <Item event={n.next} prefix="next" />
                ) : (
                  <li className="py-1 text-xs text-slate-500">No later event on it.</li>
                )}
              </ul>
            </li>
          ))}
        </ul>
      </Group>
      <Group
        title="Same actor, within an hour"
        empty={related.sameActor.length ? null : "No other call by this actor within an hour either side."}
      >
        <ul>
          {related.sameActor.map((e) => (
            <Item key={e.eventId} event={e} />
          ))}
        </ul>
      </Group>
    </Card>
  );
}
