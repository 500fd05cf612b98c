// Everything a run needs, derived from one seed. Each consumer gets its own forked generator so
// that, e.g., the ElastiCache scenarios don't change when the amount of noise around them does.

import { ElastiCacheActivity } from "./elasticache-activity";
import { Inventory } from "./elasticache-inventory";
import { NoiseActivity } from "./noise";
import { Rng } from "./prng";
import { buildRosters } from "./roster";

export interface World {
  clock: { nowMs: number };
  /** Drives the interleaving (which kind of record comes next, and when). */
  scheduleRng: Rng;
  deliveryRng: Rng;
  elastiCache: ElastiCacheActivity;
  noise: NoiseActivity;
}

export function createWorld(seed: number, startMs: number, largeRecords = false): World {
  const root = new Rng(seed);
  const rosters = buildRosters(root.fork());
  const inventory = new Inventory(root.fork());
  const clock = { nowMs: startMs };
  return {
    clock,
    scheduleRng: root.fork(),
    deliveryRng: root.fork(),
    elastiCache: new ElastiCacheActivity(root.fork(), rosters, inventory, clock),
    noise: new NoiseActivity(root.fork(), rosters, clock, largeRecords),
  };
}

/** Default start: late evening UTC, so even modest corpora cross a date folder boundary. */
export const DEFAULT_START_TIME = new Date("2025-03-14T23:40:00Z");
