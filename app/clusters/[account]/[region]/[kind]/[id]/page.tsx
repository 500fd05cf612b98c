import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ActivityChart } from "@/components/clusters/activity-chart";
import { ConfigurationPanel } from "@/components/clusters/configuration-panel";
import { LifecycleList } from "@/components/clusters/lifecycle-list";
import { PrimariesPanel } from "@/components/clusters/primaries-panel";
import { RelatedResources } from "@/components/clusters/related-resources";
import { ResourceTimeline } from "@/components/clusters/resource-timeline";
import { StatusBadge } from "@/components/clusters/status-badge";
import { TimelineControls } from "@/components/clusters/timeline-controls";
import { GapBanner } from "@/components/completeness/gap-banner";
import { PageHeader } from "@/components/layout/page-header";
import { Card } from "@/components/ui/card";
import { IgnoredParametersNotice } from "@/components/ui/ignored-parameters";
import { TextLink } from "@/components/ui/text-link";
import { dayPeriod } from "@/lib/completeness/gap-text";
import { db } from "@/lib/db/client";
import { formatCount, plural } from "@/lib/format/numbers";
import { makeQueryClient } from "@/lib/query-client";
import { kindInfo } from "@/lib/resources/kinds";
import { loadResourcePage } from "@/lib/resources/queries";
import { resourceKeys } from "@/lib/resources/query-keys";
import { resourceEventsUrl, resourcePathSchema } from "@/lib/resources/resource-path";
import { ignoredTimelineParams, parseTimelineParams } from "@/lib/resources/timeline-params";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ account: string; region: string; kind: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { kind, id } = await params;
  return { title: `${id} · ${kindInfo(kind).singular}` };
}

export default async function ResourcePage({ params, searchParams }: Props) {
  const path = resourcePathSchema.safeParse(await params);
  if (!path.success) notFound();
  const key = path.data;
  const raw = await searchParams;
  const timeline = parseTimelineParams(raw);
  const data = await loadResourcePage(db(), key, timeline);
  const info = kindInfo(key.kind);

  // The layout has checked it exists; it can only be missing if removed in between.
  if (!data) notFound();
  const resource = data.resource.key;
  // The timeline's first page was read with the rest of the page; the client pages on from it.
  const queryClient = makeQueryClient();
  await queryClient.prefetchInfiniteQuery({
    queryKey: resourceKeys.timeline(resource, timeline),
    queryFn: () => data.timeline,
    initialPageParam: null as string | null,
  });
  return (
    <>
      <PageHeader
        title={resource.resourceId}
        description={
          <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <span>{info.singular}</span>·<span className="font-mono">{resource.accountId}</span>·
            <span>{resource.region || "global"}</span>
            <StatusBadge status={data.status} />
            {data.configuration.headline.length > 0 && (
              <span className="text-slate-800">{data.configuration.headline.join(" · ")}</span>
            )}
          </span>
        }
      />
      <IgnoredParametersNotice ignored={ignoredTimelineParams(raw)} />
      <Card as="div" className="mb-4">
        <LifecycleList lifecycles={data.lifecycles} />
        <p className="mt-2 text-xs text-slate-500">
          {plural(data.resource.eventCount, "event")} name it, {formatCount(data.resource.changeCount)} of them
          successful calls on it.{" "}
          <TextLink href={resourceEventsUrl(resource)}>Open them in the event explorer</TextLink>
        </p>
      </Card>
      <div className="mb-4 grid grid-cols-1 gap-4 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <ConfigurationPanel view={data.configuration} resource={resource} params={timeline} />
        </div>
        <RelatedResources groups={data.related} />
      </div>
      {data.primaries.length > 0 && (
        <div className="mb-4">
          <PrimariesPanel primaries={data.primaries} asOf={data.configuration.asOf} />
        </div>
      )}
      <div className="mb-4">
        <ActivityChart days={data.activity} resource={resource} params={timeline} />
      </div>
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading" className="mb-2 text-base font-semibold">
          Timeline{" "}
          <span className="text-sm font-normal text-slate-500">
            {plural(data.windowCounts.events, "event")}
            {data.windowCounts.reads > 0 && `, ${formatCount(data.windowCounts.reads)} of them read-only`}
          </span>
        </h2>
        <GapBanner
          scope={{
            ...dayPeriod(timeline.from, timeline.to),
            accounts: [resource.accountId],
            regions: [resource.region],
          }}
        />
        <TimelineControls key={JSON.stringify(timeline)} resource={resource} params={timeline} />
        <HydrationBoundary state={dehydrate(queryClient)}>
          <ResourceTimeline resource={resource} params={timeline} lanes={data.readLanes} lifecycles={data.lifecycles} />
        </HydrationBoundary>
      </section>
    </>
  );
}
