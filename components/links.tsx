import Link from "next/link";
import { actorUrl, eventUrl, resourceUrl, type ResourceKey } from "@/lib/urls";

// Links to the things users jump between. Record values are rendered as React text
// children only: CloudTrail data is attacker-controlled and never becomes markup.

export function EventLink({ eventId, children }: { eventId: string; children?: React.ReactNode }) {
  return (
    <Link href={eventUrl(eventId)} className="text-indigo-700 hover:underline">
      {children ?? eventId}
    </Link>
  );
}

/** `at` (an ISO time) asks the timeline to focus that moment. */
export function ResourceLink({ resource, showKind = false, at }: { resource: ResourceKey; showKind?: boolean; at?: string }) {
  const href = at ? `${resourceUrl(resource)}?at=${encodeURIComponent(at)}` : resourceUrl(resource);
  return (
    <Link href={href} className="font-mono text-indigo-700 hover:underline" title={`${resource.kind} ${resource.resourceId} · ${resource.accountId} · ${resource.region || "global"}`}>
      {showKind && <span className="mr-1 font-sans text-xs text-slate-500">{resource.kind}</span>}
      {resource.resourceId}
    </Link>
  );
}

export function ActorLink({ actorKey, name, type }: { actorKey: string; name: string; type?: string }) {
  return (
    <Link href={actorUrl(actorKey)} className="text-indigo-700 hover:underline" title={type ? `${type}: ${name}` : name}>
      {name}
    </Link>
  );
}
