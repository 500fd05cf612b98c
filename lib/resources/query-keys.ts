import type { ResourceKey } from "@/lib/urls";
import { timelineSearch, type TimelineParams } from "./timeline-params";

// react-query keys for resources. The canonical query string is the key, so equal views
// (defaults written out or left out) are one entry.

export const resourceKeys = {
  all: ["resources"] as const,
  resource: (r: ResourceKey) => [...resourceKeys.all, r.accountId, r.region, r.kind, r.resourceId] as const,
  timeline: (r: ResourceKey, params: Partial<TimelineParams>) =>
    [...resourceKeys.resource(r), "timeline", timelineSearch(params)] as const,
};
