import { ResourceLink } from "@/components/links";
import { Timestamp } from "@/components/time/timestamp";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/class-names";
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

/** One column of a card's table. */
interface Column<T> {
  header: string;
  cell: (row: T) => React.ReactNode;
  /** A count: right-aligned, tabular figures. */
  numeric?: boolean;
  /** Left out on a phone, where the table would scroll sideways. */
  wide?: boolean;
  /** Extra classes for this column's cells (for the row given). */
  className?: string | ((row: T) => string);
}

/** The cards' one table shape: compact, a header row, one row per item. */
function CardTable<T>({
  rows,
  rowKey,
  columns,
  className,
}: {
  rows: readonly T[];
  rowKey: (row: T) => string;
  columns: readonly Column<T>[];
  className?: string;
}) {
  const classes = (c: Column<T>) => cx(c.numeric && "text-right", c.wide && "hidden sm:table-cell");
  return (
    <Table compact className={className}>
      <TableHead compact>
        <tr>
          {columns.map((c) => (
            <Th key={c.header} compact className={classes(c) || undefined}>
              {c.header}
            </Th>
          ))}
        </tr>
      </TableHead>
      <TableBody compact>
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((c) => (
              <Td
                key={c.header}
                compact
                className={
                  cx(classes(c), typeof c.className === "function" ? c.className(row) : c.className) || undefined
                }
              >
                {c.cell(row)}
              </Td>
            ))}
          </tr>
        ))}
      </TableBody>
    </Table>
  );
}

/** A card holding one table, or a sentence when there is nothing to list. */
function TableSection<T>({
  id,
  title,
  note,
  empty,
  ...table
}: {
  id: string;
  title: string;
  note?: string;
  empty?: string;
  rows: readonly T[];
  rowKey: (row: T) => string;
  columns: readonly Column<T>[];
}) {
  return (
    <Section id={id} title={title} note={note}>
      {empty !== undefined && table.rows.length === 0 ? (
        <p className="text-sm text-slate-600">{empty}</p>
      ) : (
        <CardTable {...table} />
      )}
    </Section>
  );
}

const count = (n: number, href: string) => (
  <TextLink href={href} className="tabular-nums">
    {formatCount(n)}
  </TextLink>
);

const last = <T extends { lastSeen: string }>(): Column<T> => ({
  header: "Last",
  wide: true,
  cell: (r) => <Timestamp iso={r.lastSeen} withSeconds={false} />,
});

const firstSeen = <T extends { firstSeen: string }>(): Column<T> => ({
  header: "First seen",
  cell: (r) => <Timestamp iso={r.firstSeen} withSeconds={false} />,
});

/** "latest 100 of 240" when the list is cut, else the total (or nothing). */
function shownOf(shown: number, total: number, whole?: string): string | undefined {
  return shown < total ? `latest ${formatCount(shown)} of ${formatCount(total)}` : whole;
}

type Operation = ActorDetail["operations"][number];
type Failure = ActorDetail["failures"][number];
type Touched = ActorDetail["resources"][number];
type Session = ActorDetail["sessions"][number];
type SourceIp = ActorDetail["sourceIps"][number];
type Agent = ActorDetail["userAgents"][number];

export function OperationsCard({ actorKey, detail }: { actorKey: string; detail: ActorDetail }) {
  return (
    <TableSection<Operation>
      id="operations"
      title="Operations"
      note={`${formatCount(detail.operations.length)} distinct`}
      rows={detail.operations}
      rowKey={(o) => o.eventName}
      columns={[
        { header: "Operation", className: "font-mono [overflow-wrap:anywhere]", cell: (o) => o.eventName },
        {
          header: "Calls",
          numeric: true,
          cell: (o) => count(o.events, eventsPageUrl({ actor: actorKey, name: [o.eventName] })),
        },
        {
          header: "Failed",
          numeric: true,
          className: (o) => (o.failures > 0 ? "text-failure" : "text-slate-500"),
          cell: (o) =>
            o.failures > 0
              ? count(o.failures, eventsPageUrl({ actor: actorKey, name: [o.eventName], outcome: "failure" }))
              : "0",
        },
        last<Operation>(),
      ]}
    />
  );
}

export function FailuresCard({ actorKey, detail }: { actorKey: string; detail: ActorDetail }) {
  return (
    <TableSection<Failure>
      id="failures"
      title="Failures"
      note={plural(detail.actor.failureCount, "failed call")}
      empty="No failed calls."
      rows={detail.failures}
      rowKey={(f) => `${f.eventName}/${f.errorCode}`}
      columns={[
        {
          header: "Operation and error",
          className: "[overflow-wrap:anywhere]",
          cell: (f) => (
            <>
              <span className="font-mono">{f.eventName}</span>{" "}
              <Badge tone="bad" shape="tag" className="font-mono">
                {f.errorCode}
              </Badge>
            </>
          ),
        },
        {
          header: "Calls",
          numeric: true,
          cell: (f) => count(f.events, eventsPageUrl({ actor: actorKey, name: [f.eventName], error: f.errorCode })),
        },
        last<Failure>(),
      ]}
    />
  );
}

export function ResourcesCard({ actorKey, detail }: { actorKey: string; detail: ActorDetail }) {
  return (
    <TableSection<Touched>
      id="resources"
      title="Resources touched"
      note={shownOf(detail.resources.length, detail.resourceCount, formatCount(detail.resourceCount))}
      empty="No call of theirs named an ElastiCache resource."
      rows={detail.resources}
      rowKey={(r) => `${r.resource.accountId}/${r.resource.region}/${r.resource.kind}/${r.resource.resourceId}`}
      columns={[
        {
          header: "Resource",
          className: "[overflow-wrap:anywhere]",
          cell: (r) => <ResourceLink resource={r.resource} showKind />,
        },
        {
          header: "Calls",
          numeric: true,
          cell: (r) => count(r.events, eventsPageUrl({ actor: actorKey, resource: r.resource.resourceId })),
        },
        { header: "Writes", numeric: true, className: "tabular-nums", cell: (r) => formatCount(r.writes) },
        last<Touched>(),
      ]}
    />
  );
}

export function SessionsCard({ detail }: { detail: ActorDetail }) {
  const withSessions = detail.sessions.filter((s) => s.createdAt !== null);
  return (
    <TableSection<Session>
      id="sessions"
      title="Sessions"
      note={shownOf(detail.sessions.length, detail.sessionCount)}
      empty="Long-term credentials only: no call of theirs carried a session (sessionContext)."
      rows={withSessions.length === 0 ? [] : detail.sessions}
      rowKey={(s) => `${s.createdAt}/${s.mfa}`}
      columns={[
        {
          header: "Session issued",
          className: "font-mono text-xs",
          cell: (s) => s.createdAt ?? <span className="font-sans text-slate-500">no session</span>,
        },
        {
          header: "MFA",
          cell: (s) =>
            s.mfa === null ? (
              <span className="text-slate-500">—</span>
            ) : (
              <Badge tone={s.mfa ? "good" : "warn"} shape="tag">
                {s.mfa ? "MFA" : "no MFA"}
              </Badge>
            ),
        },
        { header: "Calls", numeric: true, className: "tabular-nums", cell: (s) => formatCount(s.events) },
        {
          header: "Calls from – to",
          wide: true,
          className: "text-xs",
          cell: (s) => (
            <>
              <Timestamp iso={s.firstSeen} withSeconds={false} /> – <Timestamp iso={s.lastSeen} withSeconds={false} />
            </>
          ),
        },
      ]}
    />
  );
}

export function SourcesCard({ actorKey, detail }: { actorKey: string; detail: ActorDetail }) {
  const { sourceIpCount: ips, userAgentCount: agents } = detail.actor;
  return (
    <Section id="sources" title="Source IPs and user agents" note={`${plural(ips, "IP")} · ${plural(agents, "agent")}`}>
      <CardTable<SourceIp>
        rows={detail.sourceIps}
        rowKey={(s) => s.sourceIp}
        columns={[
          {
            header: "Source IP",
            className: "font-mono [overflow-wrap:anywhere]",
            cell: (s) => s.sourceIp || <span className="font-sans text-slate-500">none recorded</span>,
          },
          {
            header: "Calls",
            numeric: true,
            cell: (s) =>
              s.sourceIp ? count(s.events, eventsPageUrl({ actor: actorKey, ip: s.sourceIp })) : formatCount(s.events),
          },
          firstSeen<SourceIp>(),
        ]}
      />
      <CardTable<Agent>
        className="mt-4"
        rows={detail.userAgents}
        rowKey={(a) => `${a.userAgent}/${a.family}/${a.detail}`}
        columns={[
          {
            header: "User agent",
            // w-full + max-w-0: the agent takes the room the other columns leave, and no more.
            className: "w-full max-w-0",
            cell: (a) => (
              <>
                <Badge shape="tag" tone="info">
                  {agentFamilyLabel(a.family, a.detail)}
                </Badge>
                <div className="truncate font-mono text-xs text-slate-600" title={a.userAgent}>
                  {a.userAgent || "none recorded"}
                </div>
              </>
            ),
          },
          {
            header: "Calls",
            numeric: true,
            cell: (a) =>
              count(a.events, eventsPageUrl({ actor: actorKey, agent: isFamily(a.family) ? a.family : undefined })),
          },
          firstSeen<Agent>(),
        ]}
      />
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
