import { Badge } from "@/components/ui/badge";
import { TextLink } from "@/components/ui/text-link";
import { Timestamp } from "@/components/time/timestamp";
import type { FlaggedEvent } from "@/lib/overview/types";
import { SECURITY_FLAG_LABELS } from "@/lib/security/flags";
import { actorUrl, eventUrl, resourceUrl } from "@/lib/urls";

// Flagged calls as a sentence each: when, what, on which resource, by whom, and why listed.

export function FlaggedEvents({ events, empty }: { events: FlaggedEvent[]; empty: string }) {
  if (events.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {events.map((e) => (
        <li key={e.eventId} className="flex flex-wrap items-baseline gap-x-2 gap-y-1 py-1.5 text-sm">
          <span className="text-xs text-slate-500">
            <Timestamp iso={e.eventTime} withSeconds={false} />
          </span>
          <TextLink href={eventUrl(e.eventId)} className="font-medium">
            {e.eventName}
          </TextLink>
          {e.resource && (
            <TextLink href={resourceUrl(e.resource)} className="min-w-0 truncate">
              {e.resource.resourceId}
            </TextLink>
          )}
          <span className="text-slate-500">by</span>
          <TextLink href={actorUrl(e.actor.key)} className="min-w-0 truncate">
            {e.actor.name}
          </TextLink>
          {e.errorCode && (
            <Badge tone="bad" shape="tag">
              {e.errorCode}
            </Badge>
          )}
          {e.flags.map((f) => (
            <Badge key={f} tone={f === "destructive" ? "bad" : "warn"} shape="tag">
              {SECURITY_FLAG_LABELS[f]}
            </Badge>
          ))}
        </li>
      ))}
    </ul>
  );
}
