import { PageHeader } from "@/components/layout/page-header";
import { ActorLink } from "@/components/links";
import { Timestamp } from "@/components/time/timestamp";
import { NoEventsYet } from "@/components/ui/empty-state";
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
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-sm">
            <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
              <tr>
                <th className="px-3 py-2">Actor</th>
                <th className="px-3 py-2">Identity type</th>
                <th className="px-3 py-2">Account</th>
                <th className="px-3 py-2 text-right">Events</th>
                <th className="px-3 py-2">First seen</th>
                <th className="px-3 py-2">Last seen</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {actors.map((a) => (
                <tr key={a.key}>
                  <td className="px-3 py-2">
                    <ActorLink actorKey={a.key} name={a.name} type={a.type} />
                    {a.arn && <div className="font-mono text-xs text-slate-500">{a.arn}</div>}
                  </td>
                  <td className="px-3 py-2">{a.type}</td>
                  <td className="px-3 py-2 font-mono">{a.accountId ?? "—"}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{a.eventCount.toLocaleString("en-US")}</td>
                  <td className="px-3 py-2">
                    <Timestamp iso={a.firstSeen} />
                  </td>
                  <td className="px-3 py-2">
                    <Timestamp iso={a.lastSeen} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
