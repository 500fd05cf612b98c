"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Card, SectionLabel } from "@/components/ui/card";
import { NoEventsYet } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Table, TableBody, TableCard, TableHead, Td, Th } from "@/components/ui/table";
import { TextLink } from "@/components/ui/text-link";
import { Timestamp } from "@/components/time/timestamp";
import { ScopeBar } from "@/components/overview/scope-bar";
import { REFRESH_MS, useScopeFilters } from "@/components/overview/use-scope";
import { eventsPageUrl, type EventFiltersInput } from "@/lib/events/filters";
import { formatCount, plural } from "@/lib/format/numbers";
import { fetchSecurity } from "@/lib/overview/api-client";
import { overviewKeys } from "@/lib/overview/query-keys";
import { SECURITY_FLAG_LABELS, type SecurityFlag } from "@/lib/security/flags";
import { flaggedEventsUrl } from "@/lib/security/links";
import type { FlaggedList, Security } from "@/lib/security/types";
import { actorUrl } from "@/lib/urls";
import { FlaggedEvents } from "./flagged-events";

const EMPTY: Record<SecurityFlag, string> = {
  destructive: "Nothing was deleted in this range.",
  failover: "No failovers in this range.",
  auth: "No auth token was set or rotated in this range.",
  users: "No users or user groups changed in this range.",
  encryption: "No encryption settings changed in this range.",
  network: "No security or subnet group changes in this range.",
  root: "The root user made no ElastiCache calls in this range.",
  "console-no-mfa": "Every console call in this range was MFA-authenticated.",
};

export function SecurityDashboard() {
  const filters = useScopeFilters();
  const query = useQuery({
    queryKey: overviewKeys.security(filters),
    queryFn: ({ signal }) => fetchSecurity(filters, signal),
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
  });
  if (query.error && !query.data) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  const s = query.data;
  if (!s) return null;
  if (!s.hasEvents) return <NoEventsYet />;
  const scope = { account: filters.account, region: filters.region, from: s.period.from, to: s.period.to };
  return (
    <div className="space-y-4" aria-busy={query.isFetching}>
      <ScopeBar view="security" filters={filters} options={s.options} period={s.period} />
      <FailedCalls security={s} scope={scope} />
      <div className="grid gap-4 lg:grid-cols-2">
        {s.lists.map((list) => (
          <Card key={list.flag} aria-label={SECURITY_FLAG_LABELS[list.flag]} data-testid={`flag-${list.flag}`}>
            <div className="mb-1 flex flex-wrap items-baseline justify-between gap-2">
              <SectionLabel>{SECURITY_FLAG_LABELS[list.flag]}</SectionLabel>
              <ListCount list={list} href={list.count > 0 ? flaggedEventsUrl(list.flag, scope) : null} />
            </div>
            <FlaggedEvents events={list.latest} empty={EMPTY[list.flag]} />
          </Card>
        ))}
        <FirstSeen security={s} scope={scope} />
      </div>
    </div>
  );
}

function ListCount({ list, href }: { list: FlaggedList; href: string | null }) {
  const text = plural(list.count, "call");
  return href ? (
    <TextLink href={href} className="text-sm">
      {text} →
    </TextLink>
  ) : (
    <span className="text-sm text-slate-500">{text}</span>
  );
}

function FailedCalls({ security, scope }: { security: Security; scope: EventFiltersInput }) {
  const f = security.failures;
  return (
    <section aria-labelledby="failures-heading" className="space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <SectionLabel id="failures-heading">Failed calls by principal and error code</SectionLabel>
        {f.total > 0 && (
          <TextLink href={eventsPageUrl({ ...scope, outcome: "failure" })} className="text-sm">
            {plural(f.total, "failed call")} →
          </TextLink>
        )}
      </div>
      {f.byPrincipal.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-600">No failed calls in this range.</p>
        </Card>
      ) : (
        <TableCard>
          <Table compact>
            <TableHead compact>
              <tr>
                <Th compact>Principal</Th>
                <Th compact>Error</Th>
                <Th compact className="text-right">
                  Calls
                </Th>
                <Th compact className="hidden md:table-cell">
                  Latest message
                </Th>
              </tr>
            </TableHead>
            <TableBody compact>
              {f.byPrincipal.map((p) => (
                <tr key={`${p.actor.key} ${p.errorCode}`}>
                  <Td compact className="max-w-48 truncate">
                    <TextLink href={actorUrl(p.actor.key)}>{p.actor.name}</TextLink>
                  </Td>
                  <Td compact className="font-mono text-xs">
                    {p.errorCode}
                  </Td>
                  <Td compact className="text-right tabular-nums">
                    <TextLink href={eventsPageUrl({ ...scope, actor: p.actor.key, error: p.errorCode })}>
                      {formatCount(p.count)}
                    </TextLink>
                  </Td>
                  <Td
                    compact
                    className="hidden max-w-md truncate text-xs text-slate-600 md:table-cell"
                    title={p.message ?? ""}
                  >
                    {p.message ?? "—"}
                  </Td>
                </tr>
              ))}
            </TableBody>
          </Table>
        </TableCard>
      )}
    </section>
  );
}

function FirstSeen({ security, scope }: { security: Security; scope: EventFiltersInput }) {
  const { newPrincipals, newSourceIps } = security;
  return (
    <>
      <Card aria-label="Principals first seen" data-testid="new-principals">
        <SectionLabel className="mb-1">
          Principals first seen{" "}
          <span className="font-normal normal-case tracking-normal text-slate-500">
            ({formatCount(newPrincipals.count)})
          </span>
        </SectionLabel>
        {newPrincipals.latest.length === 0 ? (
          <p className="text-sm text-slate-600">Every principal in this range was seen before it.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {newPrincipals.latest.map((p) => (
              <li key={p.actor.key} className="flex flex-wrap items-baseline gap-x-2 py-1.5">
                <span className="text-xs text-slate-500">
                  <Timestamp iso={p.firstSeen} withSeconds={false} />
                </span>
                <TextLink href={actorUrl(p.actor.key)} className="min-w-0 truncate">
                  {p.actor.name}
                </TextLink>
                <span className="text-xs text-slate-500">{p.actor.type}</span>
                <TextLink href={eventsPageUrl({ ...scope, actor: p.actor.key })} className="ml-auto text-xs">
                  {plural(p.events, "event")}
                </TextLink>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card aria-label="Source IPs first seen" data-testid="new-ips">
        <SectionLabel className="mb-1">
          Source IPs first seen{" "}
          <span className="font-normal normal-case tracking-normal text-slate-500">
            ({formatCount(newSourceIps.count)})
          </span>
        </SectionLabel>
        {newSourceIps.latest.length === 0 ? (
          <p className="text-sm text-slate-600">Every source IP in this range was seen before it.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {newSourceIps.latest.map((p) => (
              <li key={p.ip} className="flex flex-wrap items-baseline gap-x-2 py-1.5">
                <span className="text-xs text-slate-500">
                  <Timestamp iso={p.firstSeen} withSeconds={false} />
                </span>
                <span className="min-w-0 truncate font-mono text-xs">{p.ip}</span>
                <TextLink href={eventsPageUrl({ ...scope, ip: p.ip })} className="ml-auto text-xs">
                  {plural(p.events, "event")}
                </TextLink>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
