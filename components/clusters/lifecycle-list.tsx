import { ActorLink, EventLink } from "@/components/links";
import { Timestamp } from "@/components/time/timestamp";
import type { ActorRef } from "@/lib/events/types";
import type { LifecycleView } from "@/lib/resources/types";
import { StatusBadge } from "./status-badge";

function By({ actor }: { actor: ActorRef | null }) {
  return actor ? (
    <>
      {" "}
      by <ActorLink actorKey={actor.key} name={actor.name} type={actor.type} />
    </>
  ) : null;
}

/** One line per incarnation of the id: ElastiCache ids are reusable, so a re-created resource is a new lifecycle. */
export function LifecycleList({ lifecycles }: { lifecycles: LifecycleView[] }) {
  if (lifecycles.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        No write to this resource is in the events: its creation and deletion are unknown.
      </p>
    );
  }
  return (
    <ol aria-label="Lifecycles" className="space-y-1 text-sm">
      {[...lifecycles].reverse().map((lc) => (
        <li key={lc.index} className="flex flex-wrap items-center gap-x-2 gap-y-1">
          {lifecycles.length > 1 && (
            <span className="text-xs font-medium uppercase tracking-wide text-slate-500">Lifecycle {lc.index + 1}</span>
          )}
          <StatusBadge status={lc.status} />
          <span>
            {lc.createdAt && lc.createEventId ? (
              <>
                <EventLink eventId={lc.createEventId}>Created</EventLink>
                <By actor={lc.createdBy} /> at <Timestamp iso={lc.createdAt} />
              </>
            ) : (
              <>
                Creation not in the events (first seen <Timestamp iso={lc.firstEventAt} />)
              </>
            )}
            {lc.deletedAt && lc.deleteEventId ? (
              <>
                {" · "}
                <EventLink eventId={lc.deleteEventId}>Deleted</EventLink>
                <By actor={lc.deletedBy} /> at <Timestamp iso={lc.deletedAt} />
              </>
            ) : lc.status === "deleted" ? (
              <> · deleted before it was re-created (the delete is not in the events)</>
            ) : null}
          </span>
        </li>
      ))}
    </ol>
  );
}
