import { Timestamp } from "@/components/time/timestamp";
import { Badge } from "@/components/ui/badge";
import { Card, SectionLabel } from "@/components/ui/card";
import { TextLink } from "@/components/ui/text-link";
import { timelineHref, type TimelineParams } from "@/lib/resources/timeline-params";
import type { ConfigFieldView, ConfigurationView } from "@/lib/resources/types";
import type { ResourceKey } from "@/lib/urls";
import { AsOfForm } from "./as-of-form";

function Value({ f }: { f: ConfigFieldView }) {
  return (
    <>
      <span className={f.value === "unknown" ? "text-slate-400" : ""}>{f.value}</span>
      {f.pending !== null && (
        <Badge shape="note" tone="warn" className="ml-2" title="Reported by AWS as a pending modification">
          → {f.pending} pending
        </Badge>
      )}
      {f.requested !== null && (
        <Badge shape="note" tone="info" className="ml-2" title="Asked for; no response has confirmed it">
          → {f.requested} requested
        </Badge>
      )}
    </>
  );
}

/** The configuration the events reveal, latest or as of ?at=, grouped as on the AWS console. */
export function ConfigurationPanel({
  view,
  resource,
  params,
}: {
  view: ConfigurationView;
  resource: ResourceKey;
  params: TimelineParams;
}) {
  const groups = new Map<string, ConfigFieldView[]>();
  for (const f of view.fields) groups.set(f.group, [...(groups.get(f.group) ?? []), f]);
  return (
    <Card aria-labelledby="configuration-heading">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 id="configuration-heading" className="text-base font-semibold">
          {view.asOf ? (
            <>
              Configuration as of <Timestamp iso={view.asOf} />
            </>
          ) : (
            "Current known configuration"
          )}
        </h2>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <AsOfForm key={params.at ?? ""} resource={resource} params={params} />
          {view.asOf && <TextLink href={timelineHref(resource, { ...params, at: undefined })}>Show latest</TextLink>}
        </div>
      </div>
      {view.fields.length === 0 ? (
        <p className="text-sm text-slate-600">
          {view.asOf
            ? "Nothing known at that time: it is before the first write in the events."
            : "No write event reveals its configuration."}
        </p>
      ) : (
        <div className="grid gap-x-8 gap-y-4 sm:grid-cols-2">
          {[...groups.entries()].map(([group, fields]) => (
            <div key={group}>
              <SectionLabel as="h3" size="xs" className="mb-1">
                {group}
              </SectionLabel>
              <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-3 gap-y-0.5 text-sm">
                {fields.map((f) => (
                  <div key={f.field} className="contents">
                    <dt className="text-slate-500" title={f.field}>
                      {f.label}
                    </dt>
                    <dd className="break-words font-mono text-[13px]">
                      <Value f={f} />
                    </dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
        </div>
      )}
      {view.asOf && view.changedSince.length > 0 && (
        <div className="mt-4 border-t border-slate-100 pt-3">
          <SectionLabel as="h3" size="xs" className="mb-1">
            Changed since then
          </SectionLabel>
          <ul className="list-disc pl-5 font-mono text-[13px]">
            {view.changedSince.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      <p className="mt-3 text-xs text-slate-500">
        Reconstructed from write calls only: Describe responses are empty in CloudTrail, and changes AWS applies on its
        own show only when a later response reports them.
      </p>
    </Card>
  );
}
