// Failed attempts: AccessDenied (with the message format CloudTrail records), invalid
// parameters and not-found ids. A failure is a variant of a real step, so it names resources
// and operations that make sense at that point of the lifecycle.

import { elastiCacheOperation, type OperationFamily } from "@/lib/elasticache/operations";
import type { Place } from "./elasticache-inventory";
import type { EcStep } from "./elasticache-steps";
import type { Principal } from "./identities";
import type { JsonObject } from "./json";
import { weightedPicker, type Rng } from "./prng";
import type { Roster } from "./roster";

const ARN_TYPE_BY_FAMILY: Record<OperationFamily, string> = {
  "cache-cluster": "cluster",
  events: "cluster",
  tags: "cluster",
  "global-replication-group": "globalreplicationgroup",
  "parameter-group": "parametergroup",
  "replication-group": "replicationgroup",
  "reserved-node": "reserved-instance",
  "security-group": "securitygroup",
  "serverless-cache": "serverlesscache",
  "service-update": "replicationgroup",
  snapshot: "snapshot",
  "subnet-group": "subnetgroup",
  user: "user",
};

export function accessDeniedMessage(callerArn: string, eventName: string, resourceArn: string): string {
  return (
    `User: ${callerArn} is not authorized to perform: elasticache:${eventName} on resource: ${resourceArn} ` +
    `because no identity-based policy allows the elasticache:${eventName} action`
  );
}

export function wildcardArn(place: Place, eventName: string, region = place.region): string {
  const family = elastiCacheOperation(eventName)?.family ?? "cache-cluster";
  return `arn:aws:elasticache:${region}:${place.account.id}:${ARN_TYPE_BY_FAMILY[family]}:*`;
}

const IDENTIFIER_PARAMS: [string, string][] = [
  ["cacheClusterId", "CacheClusterIdentifier"],
  ["replicationGroupId", "ReplicationGroupId"],
  ["serverlessCacheName", "ServerlessCacheName"],
  ["snapshotName", "SnapshotName"],
];

function invalidParameter(rng: Rng, step: EcStep): EcStep | undefined {
  const params = step.requestParameters;
  if (!params) return undefined;
  const fail = (patch: JsonObject, message: string): EcStep => ({
    ...step,
    requestParameters: { ...params, ...patch },
    error: { code: "InvalidParameterValue", message },
  });
  if (typeof params.cacheNodeType === "string") {
    const bad = params.cacheNodeType.slice(0, -1);
    return fail({ cacheNodeType: bad }, `Invalid Cache Node Type: ${bad}`);
  }
  if (typeof params.snapshotRetentionLimit === "number") {
    return fail({ snapshotRetentionLimit: 40 }, "The parameter SnapshotRetentionLimit must be between 0 and 35.");
  }
  if (typeof params.preferredMaintenanceWindow === "string") {
    return fail(
      { preferredMaintenanceWindow: "sun:25:00-sun:26:00" },
      "Invalid maintenance window format. Use ddd:hh24:mi-ddd:hh24:mi.",
    );
  }
  if (step.eventName.startsWith("Create")) {
    for (const [param, apiName] of IDENTIFIER_PARAMS) {
      const value = params[param];
      if (typeof value !== "string") continue;
      return fail(
        { [param]: rng.chance(0.5) ? `${value}-` : value.replace("-", "--") },
        `The parameter ${apiName} is not a valid identifier. Identifiers must begin with a letter; ` +
          "must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.",
      );
    }
  }
  return undefined;
}

/** A typo'd or stale id on a call that targets an existing resource. */
function notFound(rng: Rng, step: EcStep): EcStep | undefined {
  const params = step.requestParameters;
  if (!params || step.eventName.startsWith("Create")) return undefined;
  const typo = (id: string): string =>
    rng.chance(0.5) ? `${id}s` : id.replace(/-(prod|staging|shared|sandbox)/, "-$1-old");
  if (typeof params.cacheClusterId === "string") {
    const bad = typo(params.cacheClusterId);
    return {
      ...step,
      requestParameters: { ...params, cacheClusterId: bad },
      error: { code: "CacheClusterNotFound", message: `CacheCluster not found: ${bad}` },
    };
  }
  if (typeof params.replicationGroupId === "string") {
    const bad = typo(params.replicationGroupId);
    return {
      ...step,
      requestParameters: { ...params, replicationGroupId: bad },
      error: { code: "ReplicationGroupNotFoundFault", message: `ReplicationGroup not found: ${bad}` },
    };
  }
  if (typeof params.serverlessCacheName === "string") {
    const bad = typo(params.serverlessCacheName);
    return {
      ...step,
      requestParameters: { ...params, serverlessCacheName: bad },
      error: { code: "ServerlessCacheNotFoundFault", message: `Serverless cache ${bad} not found.` },
    };
  }
  return undefined;
}

function accessDenied(rng: Rng, step: EcStep, place: Place, roster: Roster, timeMs: number): EcStep {
  const readOnly = elastiCacheOperation(step.eventName)?.readOnly ?? false;
  const actor: Principal = readOnly || rng.chance(0.3) ? roster.restrictedApp : rng.pick(roster.readOnlyHumans);
  const resource = step.resourceArn ?? wildcardArn(place, step.eventName, step.region);
  return {
    ...step,
    actor,
    error: { code: "AccessDenied", message: accessDeniedMessage(actor.arn(timeMs), step.eventName, resource) },
  };
}

const pickKind = weightedPicker([
  ["denied", 0.45],
  ["invalid", 0.3],
  ["missing", 0.25],
] as const);

/** A failed variant of `step` made just before it, or undefined when none fits. */
export function failedVariant(
  rng: Rng,
  step: EcStep,
  place: Place,
  roster: Roster,
  timeMs: number,
): EcStep | undefined {
  const kind = pickKind(rng);
  if (kind === "invalid") return invalidParameter(rng, step) ?? accessDenied(rng, step, place, roster, timeMs);
  if (kind === "missing") return notFound(rng, step) ?? accessDenied(rng, step, place, roster, timeMs);
  return accessDenied(rng, step, place, roster, timeMs);
}
