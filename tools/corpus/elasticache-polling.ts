// Read-only traffic that dominates real ElastiCache trails: a monitoring integration polling
// Describe* calls (responseElements null), AWS Config and Trusted Advisor sweeps, applications
// looking up their cluster — and the odd lookup of a cluster deleted minutes ago.

import type { Place } from "./elasticache-inventory";
import type { EcStep } from "./elasticache-steps";
import type { Principal } from "./identities";
import type { JsonObject } from "./json";
import { weightedPicker, type Rng } from "./prng";
import type { Roster } from "./roster";
import { javaDate, HOUR } from "./time-format";

type Watcher = "monitoring" | "config" | "trustedAdvisor" | "eks" | "lambda";

const pickWatcher = weightedPicker<Watcher>([
  ["monitoring", 0.72],
  ["config", 0.1],
  ["trustedAdvisor", 0.05],
  ["eks", 0.08],
  ["lambda", 0.05],
]);

const pickMonitoringCall = weightedPicker([
  ["DescribeCacheClusters", 0.45],
  ["DescribeReplicationGroups", 0.25],
  ["DescribeServerlessCaches", 0.08],
  ["DescribeEvents", 0.07],
  ["ListTagsForResource", 0.12],
  ["DescribeSnapshots", 0.03],
] as const);

const CONFIG_CALLS = [
  "DescribeCacheClusters",
  "DescribeReplicationGroups",
  "DescribeCacheSubnetGroups",
  "DescribeCacheParameterGroups",
  "DescribeServerlessCaches",
  "DescribeUsers",
  "DescribeUserGroups",
  "DescribeSnapshots",
];

/** Markers are opaque pagination tokens; monitoring tools page through large accounts. */
function marker(rng: Rng): string {
  return rng.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 64);
}

function monitoringCall(rng: Rng, place: Place, nowMs: number): EcStep {
  const eventName = pickMonitoringCall(rng);
  const paged = rng.chance(0.15) ? marker(rng) : undefined;
  let requestParameters: JsonObject;
  switch (eventName) {
    case "DescribeCacheClusters":
      requestParameters = { showCacheNodeInfo: true, maxRecords: 100, marker: paged };
      break;
    case "DescribeEvents":
      requestParameters = { startTime: javaDate(nowMs - HOUR), endTime: javaDate(nowMs), maxRecords: 100 };
      break;
    case "ListTagsForResource":
      if (place.liveArns.length === 0)
        return {
          eventName: "DescribeReplicationGroups",
          requestParameters: { maxRecords: 100 },
          responseElements: null,
        };
      requestParameters = { resourceName: rng.pick(place.liveArns) };
      break;
    default:
      requestParameters = { maxRecords: 100, marker: paged };
  }
  return { eventName, requestParameters, responseElements: null };
}

function applicationLookup(rng: Rng, place: Place): EcStep {
  const live = [...place.liveNames];
  if (live.length === 0 || rng.chance(0.3))
    return { eventName: "DescribeReplicationGroups", requestParameters: {}, responseElements: null };
  const id = rng.pick(live);
  return rng.chance(0.5)
    ? { eventName: "DescribeReplicationGroups", requestParameters: { replicationGroupId: id }, responseElements: null }
    : {
        eventName: "DescribeCacheClusters",
        requestParameters: { cacheClusterId: `${id}-001`, showCacheNodeInfo: true },
        responseElements: null,
      };
}

/** One polling call in `place`: the step and who made it. */
export function pollingCall(rng: Rng, place: Place, roster: Roster, nowMs: number): { step: EcStep; actor: Principal } {
  if (place.deletedClusterIds.length > 0 && rng.chance(0.02)) {
    const id = rng.pick(place.deletedClusterIds);
    return {
      actor: rng.chance(0.5) ? roster.monitoring : roster.lambdaApp,
      step: {
        eventName: "DescribeCacheClusters",
        requestParameters: { cacheClusterId: id, showCacheNodeInfo: true },
        responseElements: null,
        error: { code: "CacheClusterNotFound", message: `CacheCluster not found: ${id}` },
      },
    };
  }
  switch (pickWatcher(rng)) {
    case "monitoring":
      return { actor: roster.monitoring, step: monitoringCall(rng, place, nowMs) };
    case "config":
      return {
        actor: roster.configRecorder,
        step: { eventName: rng.pick(CONFIG_CALLS), requestParameters: { maxRecords: 100 }, responseElements: null },
      };
    case "trustedAdvisor":
      return rng.chance(0.5)
        ? {
            actor: roster.trustedAdvisor,
            step: { eventName: "DescribeReservedCacheNodes", requestParameters: null, responseElements: null },
          }
        : {
            actor: roster.trustedAdvisor,
            step: {
              eventName: "DescribeCacheClusters",
              requestParameters: { showCacheNodeInfo: false },
              responseElements: null,
            },
          };
    case "eks":
      return { actor: roster.eksTooling, step: applicationLookup(rng, place) };
    case "lambda":
      return { actor: roster.lambdaApp, step: applicationLookup(rng, place) };
  }
}
