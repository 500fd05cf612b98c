import { ActorLink, EventLink, ResourceLink } from "@/components/links";
import { Timestamp } from "@/components/time/timestamp";
import { Badge } from "@/components/ui/badge";
import { cx } from "@/components/ui/class-names";
import { TextLink, textLinkClasses } from "@/components/ui/text-link";
import { timelineHref, type TimelineParams } from "@/lib/resources/timeline-params";
import { kindInfo } from "@/lib/resources/kinds";
import type { ChangeView, EffectView, TimelineItem } from "@/lib/resources/types";
import type { ResourceKey } from "@/lib/urls";
import { CategoryIcon } from "./category-icon";

const STATUS_STYLE = { applied: "text-slate-800", pending: "text-amber-800", requested: "text-sky-800" } as const;

/** A creation sets a dozen fields or more: the first few show, the rest fold away (no script needed). */
const SHOWN_CHANGES = 6;

function ChangeList({ changes }: { changes: ChangeView[] }) {
  return (
    <ul className="mt-0.5 space-y-0.5 font-mono text-[13px]">
      {changes.map((c, i) => (
        <li key={`${c.field}-${i}`} className={STATUS_STYLE[c.status]}>
          {c.text}
        </li>
      ))}
    </ul>
  );
}

function Changes({ changes }: { changes: ChangeView[] }) {
  if (changes.length <= SHOWN_CHANGES + 2) return <ChangeList changes={changes} />;
  return (
    <>
      <ChangeList changes={changes.slice(0, SHOWN_CHANGES)} />
      <details className="text-[13px]">
        <summary className={cx(textLinkClasses, "cursor-pointer text-xs")}>
          {changes.length - SHOWN_CHANGES} more changes
        </summary>
        <ChangeList changes={changes.slice(SHOWN_CHANGES)} />
      </details>
    </>
  );
}

/** An effect of another resource's call: "changed by ModifyReplicationGroup on replication group payments-redis by alice". */
function Cause({ item, cause }: { item: TimelineItem; cause: ResourceKey }) {
  const verb = item.category === "create" ? "Created" : item.category === "delete" ? "Deleted" : "Changed";
  return (
    <p data-testid="effect-cause" className="mt-0.5 text-xs text-slate-600">
      {verb} by <EventLink eventId={item.eventId}>{item.eventName}</EventLink> on{" "}
      {kindInfo(cause.kind).singular.toLowerCase()} <ResourceLink resource={cause} /> by{" "}
      <ActorLink actorKey={item.actor.key} name={item.actor.name} type={item.actor.type} />
    </p>
  );
}

/** Affected resources the event does not name (a null response) and whose ids cannot be derived. */
function Unnamed({ count, listed }: { count: number | null; listed: boolean }) {
  return (
    <span data-testid="effect-unnamed">
      {listed ? "; and " : "— "}
      {count === null ? "some not named by the event, how many is not known" : `${count} not named by the event`} (its
      response was not logged)
    </span>
  );
}

/** What this resource's call did to others: "also changed member clusters a, b (cacheNodeType)". */
function Effects({ effects }: { effects: EffectView[] }) {
  return (
    <ul data-testid="effect-list" className="mt-0.5 space-y-0.5 text-xs text-slate-600">
      {effects.map((e) => (
        <li key={e.label + e.fields.join()} className="[overflow-wrap:anywhere]">
          {e.fields.every((f) => f === "created" || f === "deleted")
            ? `Also ${e.fields.join(" or ")}: ${e.label} `
            : `Also ${e.fields.join(", ")} on ${e.label}: `}
          {e.resources.map((r, i) => (
            <span key={r.resourceId}>
              {i > 0 && ", "}
              <ResourceLink resource={r} />
            </span>
          ))}
          {e.more > 0 && ` and ${e.more} more`}
          {e.derived && " (derived from the request: the event does not name them)"}
          {e.unnamed !== undefined && <Unnamed count={e.unnamed} listed={e.resources.length > 0} />}
        </li>
      ))}
    </ul>
  );
}

/** One event: what it was, who made it, and field by field what it changed in this resource. */
export function TimelineItemRow({
  item,
  resource,
  params,
  highlighted,
}: {
  item: TimelineItem;
  resource: ResourceKey;
  params: TimelineParams;
  highlighted: boolean;
}) {
  const failed = item.errorCode !== null;
  return (
    <li
      data-testid="timeline-item"
      data-event-id={item.eventId}
      data-highlighted={highlighted || undefined}
      className={cx(
        "flex gap-3 px-3 py-2",
        highlighted && "bg-indigo-50",
        (item.category === "related" || item.readOnly) && "text-slate-600",
      )}
    >
      <CategoryIcon category={item.category} />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline gap-x-2">
          <span className="text-xs text-slate-500">
            <Timestamp iso={item.eventTime} />
          </span>
          <EventLink eventId={item.eventId}>
            <span className={cx("font-medium", failed && "line-through decoration-rose-400")}>{item.eventName}</span>
          </EventLink>
          <span className="text-sm">
            by <ActorLink actorKey={item.actor.key} name={item.actor.name} type={item.actor.type} />
          </span>
          {item.role === "inferred" ? (
            <Badge shape="tag" tone="neutral" title="The event does not name it: it belonged to the call's target then">
              inferred: not named by the event
            </Badge>
          ) : item.role === "derived" ? (
            <Badge
              shape="tag"
              tone="neutral"
              title="The event does not name it: its id follows from the request and the group's members then"
            >
              derived from the request: not named by the event
            </Badge>
          ) : (
            item.role !== "target" && (
              <Badge shape="tag" tone="neutral">
                named as {item.role}
              </Badge>
            )
          )}
          {!failed && !item.readOnly && (
            <TextLink
              href={timelineHref(resource, { ...params, at: item.eventTime })}
              scroll={false}
              className="ml-auto text-xs"
            >
              configuration after this
            </TextLink>
          )}
        </div>
        {failed ? (
          <p className="text-sm text-rose-800">
            Attempt failed — {item.errorCode}
            {item.errorMessage ? `: ${item.errorMessage}` : ""}. Nothing changed.
          </p>
        ) : item.changes.length > 0 ? (
          <Changes changes={item.changes} />
        ) : null}
        {!failed && item.cause && <Cause item={item} cause={item.cause} />}
        {!failed && item.effects.length > 0 && <Effects effects={item.effects} />}
      </div>
    </li>
  );
}
