// When the ingest's indexes are worth rebuilding (pure). Inserting as it goes leaves event's and
// event_resource's B-trees and trigram index 30-55 % larger than built at once (docs/benchmarks.md,
// "Disk per event"); a rebuild reads the whole table, so it waits until the events stored since the
// last one are a quarter of what the table held then: its cost per stored event stays bounded however
// large the table grows. The floor keeps small imports from ever paying for one: 100,000 events is
// far above a day of a busy estate's ElastiCache calls and above bench:ingest's corpora (7,020 and
// 29,855 events), while a fresh install's first large import (where all of its indexes grew by
// insertion) is rebuilt as soon as it ends.

export interface RebuildPolicy {
  /** Never rebuild for fewer new events than this… */
  minEvents: number;
  /** …nor for fewer than this share of the events the table held at the last rebuild. */
  share: number;
}

export const REBUILD_POLICY: RebuildPolicy = { minEvents: 100_000, share: 0.25 };

/** New events (since the last rebuild) that make a rebuild due, given the table's size at the last one. */
export function rebuildThreshold(eventsAtLastRebuild: number, policy: RebuildPolicy = REBUILD_POLICY): number {
  return Math.max(policy.minEvents, Math.ceil(policy.share * eventsAtLastRebuild));
}
