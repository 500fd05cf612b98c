import { ResourceLink } from "@/components/links";
import { Timestamp } from "@/components/time/timestamp";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { TextLink } from "@/components/ui/text-link";
import { agentFamilyLabel } from "@/lib/actors/labels";
import type { ActorDetail } from "@/lib/actors/types";
import { eventsPageUrl, USER_AGENT_FAMILIES } from "@/lib/events/filters";
import { formatCount, plural } from "@/lib/format/numbers";

// The actor page's cards. Every count links to the events it counts (the explorer filtered to
// this actor and the row's operation, error, IP, agent family or account).

type Family = (typeof USER_AGENT_FAMILIES)[number];
const isFamily = (value: string): value is Family => (USER_AGENT_FAMILIES as readonly string[]).includes(value);

function Section({
  id,
  title,
  note,
  children,
}: {
  id: string;
  title: string;
  note?: string;
  children: React.ReactNode;
}) {
  return (
    <Card aria-labelledby={`${id}-heading`} className="min-w-0">
      <h2 id={`${id}-heading`} className="mb-2 text-base font-semibold">
        {title} {note && <span className="text-sm font-normal text-slate-500">{note}</span>}
      </h2>
      <div className="overflow-x-auto">{children}</div>
    </Card>
  );
}

const count = (n: number, href: string) => (
  <TextLink href={href} className="tabular-nums">
    {formatCount(n)}
  </TextLink>
);

export function OperationsCard({ actorKey, detail }: { actorKey: string; detail: ActorDetail }) {
  return (
    <Section id="operations" title="Operations" note={`${formatCount(detail.operations.length)} distinct`}>
      <Table compact>
        <TableHead compact>
          <tr>
            <Th compact>Operation</Th>
            <Th compact className="text-right">
              Calls
            </Th>
            <Th compact className="text-right">
              Failed
            </Th>
            <Th compact className="hidden sm:table-cell">
              Last
            </Th>
          </tr>
        </TableHead>
        <TableBody compact>
          {detail.operations.map((o) => (
            <tr key={o.eventName}>
              <Td compact className="font-mono [overflow-wrap:anywhere]">
                {o.eventName}
              </Td>
              <Td compact className="text-right">
                {count(o.events, eventsPageUrl({ actor: actorKey, name: [o.eventName] }))}
              </Td>
              <Td compact className={`text-right ${o.failures > 0 ? "text-failure" : "text-slate-500"}`}>
                {o.failures > 0
                  ? count(o.failures, eventsPageUrl({ actor: actorKey, name: [o.eventName], outcome: "failure" }))
                  : "0"}
              </Td>
              <Td compact className="hidden sm:table-cell">
                <Timestamp iso={o.lastSeen} withSeconds={false} />
              </Td>
            </tr>
          ))}
        </TableBody>
      </Table>
    </Section>
  );
}

export function FailuresCard({ actorKey, detail }: { actorKey: string; detail: ActorDetail }) {
  return (
    <Section id="failures" title="Failures" note={plural(detail.actor.failureCount, "failed call")}>
      {detail.failures.length === 0 ? (
        <p className="text-sm text-slate-600">No failed calls.</p>
      ) : (
        <Table compact>
          <TableHead compact>
            <tr>
              <Th compact>Operation and error</Th>
              <Th compact className="text-right">
                Calls
              </Th>
              <Th compact className="hidden sm:table-cell">
                Last
              </Th>
            </tr>
          </TableHead>
          <TableBody compact>
            {detail.failures.map((f) => (
              <tr key={`${f.eventName}/${f.errorCode}`}>
                <Td compact className="[overflow-wrap:anywhere]">
                  <span className="font-mono">{f.eventName}</span>{" "}
                  <Badge tone="bad" shape="tag" className="font-mono">
                    {f.errorCode}
                  </Badge>
                </Td>
                <Td compact className="text-right">
                  {count(f.events, eventsPageUrl({ actor: actorKey, name: [f.eventName], error: f.errorCode }))}
                </Td>
                <Td compact className="hidden sm:table-cell">
                  <Timestamp iso={f.lastSeen} withSeconds={false} />
                </Td>
              </tr>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}

export function ResourcesCard({ actorKey, detail }: { actorKey: string; detail: ActorDetail }) {
  const shown = detail.resources.length;
  return (
    <Section
      id="resources"
      title="Resources touched"
      note={
        shown < detail.resourceCount
          ? `latest ${formatCount(shown)} of ${formatCount(detail.resourceCount)}`
          : `${formatCount(detail.resourceCount)}`
      }
    >
      {shown === 0 ? (
        <p className="text-sm text-slate-600">No call of theirs named an ElastiCache resource.</p>
      ) : (
        <Table compact>
          <TableHead compact>
            <tr>
              <Th compact>Resource</Th>
              <Th compact className="text-right">
                Calls
              </Th>
              <Th compact className="text-right">
                Writes
              </Th>
              <Th compact className="hidden sm:table-cell">
                Last
              </Th>
            </tr>
          </TableHead>
          <TableBody compact>
            {detail.resources.map((r) => (
              <tr key={`${r.resource.accountId}/${r.resource.region}/${r.resource.kind}/${r.resource.resourceId}`}>
                <Td compact className="[overflow-wrap:anywhere]">
                  <ResourceLink resource={r.resource} showKind />
                </Td>
                <Td compact className="text-right">
                  {count(r.events, eventsPageUrl({ actor: actorKey, resource: r.resource.resourceId }))}
                </Td>
                <Td compact className="text-right tabular-nums">
                  {formatCount(r.writes)}
                </Td>
                <Td compact className="hidden sm:table-cell">
                  <Timestamp iso={r.lastSeen} withSeconds={false} />
                </Td>
              </tr>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}

export function SessionsCard({ detail }: { detail: ActorDetail }) {
  const withSessions = detail.sessions.filter((s) => s.createdAt !== null);
  return (
    <Section
      id="sessions"
      title="Sessions"
      note={
        detail.sessionCount > detail.sessions.length
          ? `latest ${formatCount(detail.sessions.length)} of ${formatCount(detail.sessionCount)}`
          : undefined
      }
    >
      {withSessions.length === 0 ? (
        <p className="text-sm text-slate-600">
          Long-term credentials only: no call of theirs carried a session (sessionContext).
        </p>
      ) : (
        <Table compact>
          <TableHead compact>
            <tr>
              <Th compact>Session issued</Th>
              <Th compact>MFA</Th>
              <Th compact className="text-right">
                Calls
              </Th>
              <Th compact className="hidden sm:table-cell">
                Calls from – to
              </Th>
            </tr>
          </TableHead>
          <TableBody compact>
            {detail.sessions.map((s) => (
              <tr key={`${s.createdAt}/${s.mfa}`}>
                <Td compact className="font-mono text-xs">
                  {s.createdAt ?? <span className="font-sans text-slate-500">no session</span>}
                </Td>
                <Td compact>
                  {s.mfa === null ? (
                    <span className="text-slate-500">—</span>
                  ) : (
                    <Badge tone={s.mfa ? "good" : "warn"} shape="tag">
                      {s.mfa ? "MFA" : "no MFA"}
                    </Badge>
                  )}
                </Td>
                <Td compact className="text-right tabular-nums">
                  {formatCount(s.events)}
                </Td>
                <Td compact className="hidden text-xs sm:table-cell">
                  <Timestamp iso={s.firstSeen} withSeconds={false} /> –{" "}
                  <Timestamp iso={s.lastSeen} withSeconds={false} />
                </Td>
              </tr>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}

export function SourcesCard({ actorKey, detail }: { actorKey: string; detail: ActorDetail }) {
  const { sourceIpCount: ips, userAgentCount: agents } = detail.actor;
  return (
    <Section id="sources" title="Source IPs and user agents" note={`${plural(ips, "IP")} · ${plural(agents, "agent")}`}>
      <Table compact>
        <TableHead compact>
          <tr>
            <Th compact>Source IP</Th>
            <Th compact className="text-right">
              Calls
            </Th>
            <Th compact>First seen</Th>
          </tr>
        </TableHead>
        <TableBody compact>
          {detail.sourceIps.map((s) => (
            <tr key={s.sourceIp}>
              <Td compact className="font-mono [overflow-wrap:anywhere]">
                {s.sourceIp || <span className="font-sans text-slate-500">none recorded</span>}
              </Td>
              <Td compact className="text-right">
                {s.sourceIp
                  ? count(s.events, eventsPageUrl({ actor: actorKey, ip: s.sourceIp }))
                  : formatCount(s.events)}
              </Td>
              <Td compact>
                <Timestamp iso={s.firstSeen} withSeconds={false} />
              </Td>
            </tr>
          ))}
        </TableBody>
      </Table>
      <Table compact className="mt-4">
        <TableHead compact>
          <tr>
            <Th compact>User agent</Th>
            <Th compact className="text-right">
              Calls
            </Th>
            <Th compact>First seen</Th>
          </tr>
        </TableHead>
        <TableBody compact>
          {detail.userAgents.map((a) => (
            <tr key={`${a.userAgent}/${a.family}/${a.detail}`}>
              {/* w-full + max-w-0: the agent takes the room the other columns leave, and no more. */}
              <Td compact className="w-full max-w-0">
                <Badge shape="tag" tone="info">
                  {agentFamilyLabel(a.family, a.detail)}
                </Badge>
                <div className="truncate font-mono text-xs text-slate-600" title={a.userAgent}>
                  {a.userAgent || "none recorded"}
                </div>
              </Td>
              <Td compact className="text-right">
                {count(a.events, eventsPageUrl({ actor: actorKey, agent: isFamily(a.family) ? a.family : undefined }))}
              </Td>
              <Td compact>
                <Timestamp iso={a.firstSeen} withSeconds={false} />
              </Td>
            </tr>
          ))}
        </TableBody>
      </Table>
    </Section>
  );
}

export function AccountsCard({ actorKey, detail }: { actorKey: string; detail: ActorDetail }) {
  return (
    <Section id="accounts" title="Accounts called">
      <ul className="space-y-1 text-sm">
        {detail.accounts.map((a) => (
          <li key={a.accountId} className="flex flex-wrap items-center gap-2">
            <span className="font-mono">{a.accountId}</span>
            {a.crossAccount && (
              <Badge tone="warn" shape="tag" title="The actor belongs to another account than the one it called">
                cross-account
              </Badge>
            )}
            <span className="text-slate-500">
              {count(a.events, eventsPageUrl({ actor: actorKey, account: [a.accountId] }))} calls
            </span>
          </li>
        ))}
      </ul>
    </Section>
  );
}
