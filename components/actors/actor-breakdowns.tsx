import { ActorLink } from "@/components/links";
import { actorListHref, type ActorListParams } from "@/lib/actors/list-params";
import { agentFamilyLabel, identityTypeLabel } from "@/lib/actors/labels";
import type { ActorBreakdowns as Breakdowns } from "@/lib/actors/types";
import { eventsPageUrl, USER_AGENT_FAMILIES } from "@/lib/events/filters";
import { formatCount, plural } from "@/lib/format/numbers";
import { BreakdownChart } from "./breakdown-chart";

type Family = (typeof USER_AGENT_FAMILIES)[number];
const isFamily = (value: string): value is Family => (USER_AGENT_FAMILIES as readonly string[]).includes(value);

const actors = (n: number) => plural(n, "actor");

/**
 * The four breakdowns of the listed actors' events. A type or an issuer narrows the actors list;
 * an agent family or a source IP opens the events with that family or IP.
 */
export function ActorBreakdowns({ breakdowns, params }: { breakdowns: Breakdowns; params: ActorListParams }) {
  const { byType, byAgent, bySourceIp, byIssuer } = breakdowns;
  return (
    <div className="mb-6 grid gap-4 lg:grid-cols-2" aria-label="Breakdowns">
      <BreakdownChart
        id="by-type"
        title="By identity type"
        color="var(--color-actors-type)"
        empty="No actors match."
        rows={byType.map((t) => ({
          label: identityTypeLabel(t.type),
          events: t.events,
          note: actors(t.actors),
          href: actorListHref({ ...params, type: t.type, page: 1 }),
        }))}
      />
      <BreakdownChart
        id="by-agent"
        title="By user agent"
        color="var(--color-actors-agent)"
        empty="No calls recorded."
        rows={byAgent.map((a) => ({
          label: agentFamilyLabel(a.family, a.detail),
          events: a.events,
          note: actors(a.actors),
          href: eventsPageUrl({ agent: isFamily(a.family) ? a.family : undefined }),
        }))}
      />
      <BreakdownChart
        id="by-ip"
        title="By source IP (busiest 10)"
        color="var(--color-actors-ip)"
        empty="No calls recorded."
        rows={bySourceIp.map((s) => ({
          label: s.sourceIp || "(none recorded)",
          events: s.events,
          note: actors(s.actors),
          href: s.sourceIp ? eventsPageUrl({ ip: s.sourceIp }) : eventsPageUrl({}),
        }))}
      />
      <BreakdownChart
        id="by-issuer"
        title="By session issuer (roles and who assumed them)"
        color="var(--color-actors-calls)"
        empty="No sessions among these actors: no assumed roles or federated users."
        rows={byIssuer.map((i) => ({
          label: i.issuerName ?? i.issuerArn,
          events: i.events,
          note: plural(i.principals, "principal"),
          href: actorListHref({ ...params, issuer: i.issuerArn, page: 1 }),
        }))}
      >
        {byIssuer.length > 0 && (
          <ul className="mt-3 space-y-2 text-sm" aria-label="Principals per session issuer">
            {byIssuer.map((i) => (
              <li key={i.issuerArn} className="min-w-0">
                <span className="font-medium [overflow-wrap:anywhere]">{i.issuerName ?? i.issuerArn}</span>
                <span className="text-slate-500"> assumed by </span>
                {i.top.map((p, n) => (
                  <span key={p.key}>
                    {n > 0 && ", "}
                    <ActorLink actorKey={p.key} name={p.name} />
                    <span className="text-xs text-slate-500"> ({formatCount(p.events)})</span>
                  </span>
                ))}
                {i.principals > i.top.length && (
                  <span className="text-slate-500"> and {formatCount(i.principals - i.top.length)} more</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </BreakdownChart>
    </div>
  );
}
