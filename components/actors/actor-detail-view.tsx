"use client";

import { useQuery } from "@tanstack/react-query";
import { PageHeader } from "@/components/layout/page-header";
import { Timestamp } from "@/components/time/timestamp";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import { TextLink } from "@/components/ui/text-link";
import { fetchActorDetail } from "@/lib/actors/api-client";
import { identityTypeLabel } from "@/lib/actors/labels";
import { actorListHref } from "@/lib/actors/list-params";
import { actorKeys } from "@/lib/actors/query-keys";
import type { ActorDetail } from "@/lib/actors/types";
import { eventsPageUrl } from "@/lib/events/filters";
import { formatCount, plural } from "@/lib/format/numbers";
import { ActorActivityChart } from "./actor-activity-chart";
import { AccountsCard, FailuresCard, OperationsCard, ResourcesCard, SessionsCard, SourcesCard } from "./actor-sections";

// One actor's page: the server page prefetched GET /api/actors/:key's answer
// (app/actors/[actorKey]/page.tsx); this renders it from the query cache.

/** The events of each activity bucket: from its start to the next one's. */
function bucketHrefs(key: string, activity: ActorDetail["activity"]): Record<string, string> {
  const days = activity.bucket === "week" ? 7 : 1;
  return Object.fromEntries(
    activity.points.map((p) => {
      const from = new Date(`${p.start}T00:00:00Z`);
      const to = new Date(from.getTime() + days * 86_400_000);
      return [p.start, eventsPageUrl({ actor: key, from: from.toISOString(), to: to.toISOString() })];
    }),
  );
}

export function ActorDetailView({ actorKey }: { actorKey: string }) {
  const query = useQuery({
    queryKey: actorKeys.detail(actorKey),
    queryFn: ({ signal }) => fetchActorDetail(actorKey, signal),
  });
  if (query.error && !query.data) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  const detail = query.data;
  if (!detail) return null;
  const { actor } = detail;
  const allEvents = eventsPageUrl({ actor: actor.key });
  return (
    <>
      {/* Session names run long without a break (emails, instance ids): the title wraps anywhere. */}
      <div className="[overflow-wrap:anywhere]">
        <PageHeader
          title={actor.name}
          description={
            <>
              <Badge tone="info">{identityTypeLabel(actor.type)}</Badge> {plural(actor.eventCount, "call")} (
              {plural(actor.writeCount, "write")}, {formatCount(actor.failureCount)} failed) from{" "}
              <Timestamp iso={actor.firstSeen} withSeconds={false} /> to{" "}
              <Timestamp iso={actor.lastSeen} withSeconds={false} />.
            </>
          }
          actions={
            <ButtonLink href={allEvents} variant="primary">
              All their events
            </ButtonLink>
          }
        />
      </div>
      <dl className="mb-6 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        {actor.arn && <Fact term="ARN" value={<span className="font-mono">{actor.arn}</span>} />}
        {actor.accountId && <Fact term="Account" value={<span className="font-mono">{actor.accountId}</span>} />}
        {actor.principalId && (
          <Fact term="Principal id" value={<span className="font-mono">{actor.principalId}</span>} />
        )}
        {actor.sessionIssuerArn && (
          <Fact
            term="Session issuer"
            value={
              <>
                <span className="font-mono">{actor.sessionIssuerArn}</span>
                {detail.issuerPrincipals > 0 && (
                  <>
                    {" · "}
                    <TextLink href={actorListHref({ issuer: actor.sessionIssuerArn })}>
                      {plural(detail.issuerPrincipals, "other principal")} with this issuer
                    </TextLink>
                  </>
                )}
              </>
            }
          />
        )}
        {!actor.sessionIssuerArn && actor.sessionIssuerName && (
          <Fact term="Identity provider" value={actor.sessionIssuerName} />
        )}
        {actor.invokedBy && <Fact term="Invoked by" value={<span className="font-mono">{actor.invokedBy}</span>} />}
        <Fact term="Actor key" value={<span className="font-mono text-xs">{actor.key}</span>} />
      </dl>
      <div className="grid gap-4">
        <ActorActivityChart activity={detail.activity} bucketHrefs={bucketHrefs(actor.key, detail.activity)} />
        <div className="grid gap-4 lg:grid-cols-2">
          <ResourcesCard actorKey={actor.key} detail={detail} />
          <SessionsCard detail={detail} />
          <OperationsCard actorKey={actor.key} detail={detail} />
          <FailuresCard actorKey={actor.key} detail={detail} />
          <SourcesCard actorKey={actor.key} detail={detail} />
          <AccountsCard actorKey={actor.key} detail={detail} />
        </div>
      </div>
    </>
  );
}

function Fact({ term, value }: { term: string; value: React.ReactNode }) {
  return (
    <>
      <dt className="font-medium text-slate-500">{term}</dt>
      <dd className="min-w-0 [overflow-wrap:anywhere]">{value}</dd>
    </>
  );
}
