import Link from "next/link";
import { ResourceLink } from "@/components/links";
import { eventsPageUrl } from "@/lib/events/filters";
import { kindLabel } from "@/lib/events/summary";
import type { ResourceTouched } from "@/lib/events/types";

// Each resource links to its timeline focused on this event's moment (?at=).

export function ResourcesTouched({ resources, eventTime }: { resources: ResourceTouched[]; eventTime: string }) {
  return (
    <section aria-labelledby="resources-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="resources-heading" className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-500">
        Resources touched
      </h2>
      {resources.length === 0 ? (
        <p className="text-sm text-slate-600">
          This call names no specific resource (a list or describe of everything, or a failure before one was chosen).
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="py-1 pr-3 font-medium">Resource</th>
                <th className="hidden py-1 pr-3 font-medium sm:table-cell">Kind</th>
                <th className="py-1 pr-3 font-medium">Role</th>
                <th className="hidden py-1 pr-3 font-medium sm:table-cell">Account · region</th>
                <th className="py-1 font-medium">
                  <span className="sr-only">Events</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {resources.map((r) => (
                <tr
                  key={`${r.kind}|${r.accountId}|${r.region}|${r.resourceId}|${r.role}`}
                  className="border-t border-slate-100"
                >
                  <td className="break-all py-1.5 pr-3">
                    <ResourceLink resource={r} at={eventTime} />
                    <div className="text-xs text-slate-500 sm:hidden">{kindLabel(r.kind)}</div>
                  </td>
                  <td className="hidden py-1.5 pr-3 text-slate-700 sm:table-cell">{kindLabel(r.kind)}</td>
                  <td className="py-1.5 pr-3 text-slate-700">{r.role}</td>
                  <td className="hidden py-1.5 pr-3 font-mono text-xs text-slate-600 sm:table-cell">
                    {r.accountId} · {r.region || "global"}
                  </td>
                  <td className="py-1.5 text-right">
                    <Link
                      href={eventsPageUrl({ resource: r.resourceId })}
                      className="text-xs text-indigo-700 hover:underline"
                    >
                      events
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
