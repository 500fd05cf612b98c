// ElastiCache records without files, for tests and benchmarks: the same scenarios, identities
// and shapes as the corpus, returned as objects.

import type { CloudTrailRecord } from "./json";
import { createWorld, DEFAULT_START_TIME } from "./world";

/** Mean gap between ElastiCache calls: a busy estate, spread over hours for a few thousand records. */
const MEAN_GAP_MS = 2_000;

export function generateElastiCacheRecords(
  count: number,
  seed: number,
  startTime: Date = DEFAULT_START_TIME,
  { meanGapMs = MEAN_GAP_MS }: { meanGapMs?: number } = {},
): CloudTrailRecord[] {
  if (!Number.isInteger(count) || count < 0) throw new Error("count must be a non-negative integer");
  const world = createWorld(seed, startTime.getTime());
  const records: CloudTrailRecord[] = [];
  const seen = new Set<string>();
  while (records.length < count) {
    world.clock.nowMs += Math.max(1, Math.round(world.scheduleRng.exponential(meanGapMs)));
    for (const { record } of world.elastiCache.next()) {
      const id = String(record.eventID);
      if (seen.has(id) || records.length >= count) continue;
      seen.add(id);
      records.push(record);
    }
  }
  return records;
}
