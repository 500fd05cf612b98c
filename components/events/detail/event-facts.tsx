import type { ReactNode } from "react";
import { ActorLink } from "@/components/links";
import { OtherZone } from "@/components/time/other-zone";
import { TimeZoneToggle } from "@/components/time/time-zone";
import { Timestamp } from "@/components/time/timestamp";
import { Badge } from "@/components/ui/badge";
import { Card, SectionLabel } from "@/components/ui/card";
import { TextLink } from "@/components/ui/text-link";
import { eventsPageUrl } from "@/lib/events/filters";
import type { EventDetail } from "@/lib/events/types";
import { ingestionUrl } from "@/lib/urls";
import { AccessBadge, OutcomeBadge } from "../badges";
import { RelativeTime } from "../relative-time";

// Who, what, when, where: the facts of one call, each value as CloudTrail gave it (text).

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[8.5rem_1fr] gap-2 py-1">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-slate-900">{children}</dd>
    </div>
  );
}

function Facts({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card aria-label={title}>
      <SectionLabel className="mb-2">{title}</SectionLabel>
      <dl className="text-sm">{children}</dl>
    </Card>
  );
}

const none = <span className="text-slate-400">not recorded</span>;
const mono = (value: string | null) => (value ? <span className="font-mono">{value}</span> : none);
const filterLink = (href: string, label: string) => (
  <TextLink href={href} className="ml-2 text-xs">
    {label}
  </TextLink>
);

export function EventFacts({ event }: { event: EventDetail }) {
  const actor = event.actor;
  return (
    <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
      <Facts title="Who">
        <Fact label="Actor">
          <ActorLink actorKey={actor.key} name={actor.name} type={actor.type} />
          {filterLink(eventsPageUrl({ actor: actor.key }), "all their events")}
        </Fact>
        <Fact label="Identity type">{actor.type}</Fact>
        <Fact label="ARN">{mono(actor.arn)}</Fact>
        {(actor.sessionIssuerName || actor.sessionIssuerArn) && (
          <Fact label="Session issuer">
            {actor.sessionIssuerName && <div>{actor.sessionIssuerName}</div>}
            {actor.sessionIssuerArn && <div className="font-mono text-xs text-slate-600">{actor.sessionIssuerArn}</div>}
          </Fact>
        )}
        {actor.invokedBy && <Fact label="Invoked by">{mono(actor.invokedBy)}</Fact>}
        <Fact label="Access key">{mono(event.accessKeyId)}</Fact>
        <Fact label="MFA">{event.mfaAuthenticated === null ? none : event.mfaAuthenticated ? "yes" : "no"}</Fact>
      </Facts>

      <Facts title="What">
        <Fact label="Operation">
          <span className="font-medium">{event.eventName}</span>
          {event.eventSource && <span className="ml-2 font-mono text-xs text-slate-500">{event.eventSource}</span>}
        </Fact>
        <Fact label="Read / write">
          <AccessBadge readOnly={event.readOnly} />
        </Fact>
        <Fact label="Outcome">
          <OutcomeBadge errorCode={event.errorCode} errorMessage={event.errorMessage} />
          {event.errorMessage && <p className="mt-1 text-red-800">{event.errorMessage}</p>}
        </Fact>
        <Fact label="Request ID">{mono(event.requestId)}</Fact>
        <Fact label="Event ID">{mono(event.eventId)}</Fact>
        {(event.eventVersion || event.eventType) && (
          <Fact label="Record">
            {[event.eventType, event.eventVersion && `version ${event.eventVersion}`].filter(Boolean).join(", ")}
          </Fact>
        )}
      </Facts>

      <Facts title="When">
        <Fact label="Time">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span data-testid="event-time">
              <Timestamp iso={event.eventTime} />
            </span>
            <TimeZoneToggle tone="light" label="Show times in" />
          </div>
          <OtherZone iso={event.eventTime} />
        </Fact>
        <Fact label="Relative">
          <RelativeTime iso={event.eventTime} />
        </Fact>
        <Fact label="Ingested">
          {event.ingestion ? (
            <>
              <Timestamp iso={event.ingestion.ingestedAt} />
              <TextLink href={ingestionUrl(event.ingestion.runId)} className="ml-2 text-xs">
                run {event.ingestion.runId}
              </TextLink>
              {event.ingestion.fileName && (
                <div className="break-all font-mono text-xs text-slate-500">{event.ingestion.fileName}</div>
              )}
            </>
          ) : (
            none
          )}
        </Fact>
      </Facts>

      <Facts title="Where">
        <Fact label="Region">{event.awsRegion || "global"}</Fact>
        <Fact label="Account">{mono(event.accountId || null)}</Fact>
        <Fact label="Source IP">
          {mono(event.sourceIp)}
          {event.sourceIp && filterLink(eventsPageUrl({ ip: event.sourceIp }), "events from this address")}
        </Fact>
        <Fact label="User agent">
          <Badge shape="tag">
            {event.userAgentFamily}
            {event.userAgentDetail ? ` · ${event.userAgentDetail}` : ""}
          </Badge>
          {event.userAgent && <div className="mt-1 break-all font-mono text-xs text-slate-600">{event.userAgent}</div>}
        </Fact>
        {event.vpcEndpointId && <Fact label="VPC endpoint">{mono(event.vpcEndpointId)}</Fact>}
      </Facts>
    </div>
  );
}
