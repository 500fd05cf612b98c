import { redirect } from "next/navigation";
import { eventsPageUrl } from "@/lib/events/filters";

// An actor's stable URL. Until the actor page of the overview issue exists, it opens the
// event explorer filtered to the actor, which is what the link promises: everything they did.
export default async function ActorPage({ params }: { params: Promise<{ actorKey: string }> }) {
  const { actorKey } = await params;
  redirect(eventsPageUrl({ actor: safelyDecoded(actorKey) }));
}

/** Next.js may hand the segment over still percent-encoded (e.g. %2F inside ARNs). */
function safelyDecoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
