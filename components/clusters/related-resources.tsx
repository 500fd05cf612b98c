import { ResourceLink } from "@/components/links";
import { Card, SectionLabel } from "@/components/ui/card";
import type { RelatedGroup } from "@/lib/resources/types";

/** "member", "primary", "source" say something; "target" or a role named like the kind does not. */
function informativeRoles(roles: string[], kind: string): string[] {
  return roles.filter((role) => !["target", kind, "global-datastore", "snapshot"].includes(role));
}

/** Resources named in this one's writes: members and their group, snapshots, groups it uses, its global datastore. */
export function RelatedResources({ groups }: { groups: RelatedGroup[] }) {
  return (
    <Card aria-labelledby="related-heading">
      <h2 id="related-heading" className="mb-3 text-base font-semibold">
        Related resources
      </h2>
      {groups.length === 0 ? (
        <p className="text-sm text-slate-600">No other resource is named in its write calls.</p>
      ) : (
        <div className="space-y-3">
          {groups.map((g) => (
            <div key={g.kind}>
              <SectionLabel as="h3" size="xs">
                {g.label}
              </SectionLabel>
              <ul className="mt-1 space-y-0.5 text-sm">
                {g.resources.slice(0, 25).map((r) => (
                  <li
                    key={`${r.key.accountId}/${r.key.region}/${r.key.resourceId}`}
                    className="flex flex-wrap items-baseline gap-x-2"
                  >
                    <ResourceLink resource={r.key} />
                    <span className="text-xs text-slate-500">
                      {[
                        ...informativeRoles(r.roles, r.key.kind),
                        `${r.sharedEvents} shared event${r.sharedEvents === 1 ? "" : "s"}`,
                      ].join(" · ")}
                    </span>
                  </li>
                ))}
                {g.resources.length > 25 && (
                  <li className="text-xs text-slate-500">and {g.resources.length - 25} more</li>
                )}
              </ul>
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}
