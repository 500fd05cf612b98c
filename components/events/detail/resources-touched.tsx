import { ResourceLink } from "@/components/links";
import { Card, SectionLabel } from "@/components/ui/card";
import { Table, TableBody, TableHead, Td, Th } from "@/components/ui/table";
import { TextLink } from "@/components/ui/text-link";
import { eventsPageUrl } from "@/lib/events/filters";
import { kindLabel } from "@/lib/events/summary";
import type { ResourceTouched } from "@/lib/events/types";

// Each resource links to its timeline focused on this event's moment (?at=).

export function ResourcesTouched({ resources, eventTime }: { resources: ResourceTouched[]; eventTime: string }) {
  return (
    <Card aria-labelledby="resources-heading">
      <SectionLabel id="resources-heading" className="mb-2">
        Resources touched
      </SectionLabel>
      {resources.length === 0 ? (
        <p className="text-sm text-slate-600">
          This call names no specific resource (a list or describe of everything, or a failure before one was chosen).
        </p>
      ) : (
        <div className="overflow-x-auto">
          <Table compact>
            <TableHead compact>
              <tr>
                <Th compact>Resource</Th>
                <Th compact className="hidden sm:table-cell">
                  Kind
                </Th>
                <Th compact>Role</Th>
                <Th compact className="hidden sm:table-cell">
                  Account · region
                </Th>
                <Th compact>
                  <span className="sr-only">Events</span>
                </Th>
              </tr>
            </TableHead>
            <TableBody compact>
              {resources.map((r) => (
                <tr key={`${r.kind}|${r.accountId}|${r.region}|${r.resourceId}|${r.role}`}>
                  <Td compact className="break-all">
                    <ResourceLink resource={r} at={eventTime} />
                    <div className="text-xs text-slate-500 sm:hidden">{kindLabel(r.kind)}</div>
                  </Td>
                  <Td compact className="hidden text-slate-700 sm:table-cell">
                    {kindLabel(r.kind)}
                  </Td>
                  <Td compact className="text-slate-700">
                    {r.role}
                  </Td>
                  <Td compact className="hidden font-mono text-xs text-slate-600 sm:table-cell">
                    {r.accountId} · {r.region || "global"}
                  </Td>
                  <Td compact className="text-right">
                    <TextLink href={eventsPageUrl({ resource: r.resourceId })} className="text-xs">
                      events
                    </TextLink>
                  </Td>
                </tr>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </Card>
  );
}
