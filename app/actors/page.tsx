import { PageHeader } from "@/components/layout/page-header";
import { ActorLink } from "@/components/links";
import { Timestamp } from "@/components/time/timestamp";
import { NoEventsYet } from "@/components/ui/empty-state";
import { Table, TableBody, TableCard, TableHead, Td, Th } from "@/components/ui/table";
import { formatCount } from "@/lib/format/numbers";
import { listActors } from "@/lib/actors/queries";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export default async function ActorsPage() {
  const actors = await listActors(db());
  return (
    <>
      <PageHeader
        title="Actors"
        description="Who called ElastiCache: IAM users, roles and sessions, root, AWS services. Most active first."
      />
      {actors.length === 0 ? (
        <NoEventsYet />
      ) : (
        <TableCard flat>
          <Table>
            <TableHead>
              <tr>
                <Th>Actor</Th>
                <Th>Identity type</Th>
                <Th>Account</Th>
                <Th className="text-right">Events</Th>
                <Th>First seen</Th>
                <Th>Last seen</Th>
              </tr>
            </TableHead>
            <TableBody>
              {actors.map((a) => (
                <tr key={a.key}>
                  <Td>
                    <ActorLink actorKey={a.key} name={a.name} type={a.type} />
                    {a.arn && <div className="font-mono text-xs text-slate-500">{a.arn}</div>}
                  </Td>
                  <Td>{a.type}</Td>
                  <Td className="font-mono">{a.accountId ?? "—"}</Td>
                  <Td className="text-right tabular-nums">{formatCount(a.eventCount)}</Td>
                  <Td>
                    <Timestamp iso={a.firstSeen} />
                  </Td>
                  <Td>
                    <Timestamp iso={a.lastSeen} />
                  </Td>
                </tr>
              ))}
            </TableBody>
          </Table>
        </TableCard>
      )}
    </>
  );
}
