import { TextLink } from "@/components/ui/text-link";
import { momentHref } from "@/lib/resources/timeline-params";
import { actorUrl, eventUrl, resourceUrl, type ResourceKey } from "@/lib/urls";

// Links to the things users jump between. Record values are rendered as React text
// children only: CloudTrail data is attacker-controlled and never becomes markup.

export function EventLink({ eventId, children }: { eventId: string; children?: React.ReactNode }) {
  return <TextLink href={eventUrl(eventId)}>{children ?? eventId}</TextLink>;
}

/** `at` (an ISO time) opens the timeline at that moment: its day, with the configuration as of then. */
export function ResourceLink({
  resource,
  showKind = false,
  at,
}: {
  resource: ResourceKey;
  showKind?: boolean;
  at?: string;
}) {
  const href = at ? momentHref(resource, at) : resourceUrl(resource);
  return (
    <TextLink
      href={href}
      className="font-mono"
      title={`${resource.kind} ${resource.resourceId} · ${resource.accountId} · ${resource.region || "global"}`}
    >
      {showKind && <span className="mr-1 font-sans text-xs text-slate-500">{resource.kind}</span>}
      {resource.resourceId}
    </TextLink>
  );
}

export function ActorLink({ actorKey, name, type }: { actorKey: string; name: string; type?: string }) {
  return (
    // Session names can be long unbroken ARNs-with-emails: they may wrap anywhere rather than widen the page.
    <TextLink href={actorUrl(actorKey)} className="[overflow-wrap:anywhere]" title={type ? `${type}: ${name}` : name}>
      {name}
    </TextLink>
  );
}
