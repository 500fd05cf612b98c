// How each resource kind is named in requests, responses and ARNs.
import type { ResourceKind } from "@/lib/cloudtrail/types";
import { asRecord, asString, sameId, type Json } from "./values";

interface KindNaming {
  /** Member that names the resource, in requests and in the resource object of responses. */
  idKey: string;
  /** Wrapper some responses keep around the resource object (`{serverlessCache: {...}}`). */
  wrapper: string;
  /** Resource type segment of the ARN (`arn:aws:elasticache:…:cluster:<id>`). */
  arnType: string;
}

export const KIND_NAMING: Readonly<Record<ResourceKind, KindNaming>> = {
  "cache-cluster": { idKey: "cacheClusterId", wrapper: "cacheCluster", arnType: "cluster" },
  "replication-group": { idKey: "replicationGroupId", wrapper: "replicationGroup", arnType: "replicationgroup" },
  "global-replication-group": {
    idKey: "globalReplicationGroupId",
    wrapper: "globalReplicationGroup",
    arnType: "globalreplicationgroup",
  },
  "serverless-cache": { idKey: "serverlessCacheName", wrapper: "serverlessCache", arnType: "serverlesscache" },
  "serverless-cache-snapshot": {
    idKey: "serverlessCacheSnapshotName",
    wrapper: "serverlessCacheSnapshot",
    arnType: "serverlesscachesnapshot",
  },
  snapshot: { idKey: "snapshotName", wrapper: "snapshot", arnType: "snapshot" },
  "parameter-group": { idKey: "cacheParameterGroupName", wrapper: "cacheParameterGroup", arnType: "parametergroup" },
  "subnet-group": { idKey: "cacheSubnetGroupName", wrapper: "cacheSubnetGroup", arnType: "subnetgroup" },
  "security-group": { idKey: "cacheSecurityGroupName", wrapper: "cacheSecurityGroup", arnType: "securitygroup" },
  user: { idKey: "userId", wrapper: "user", arnType: "user" },
  "user-group": { idKey: "userGroupId", wrapper: "userGroup", arnType: "usergroup" },
  "reserved-node": { idKey: "reservedCacheNodeId", wrapper: "reservedCacheNode", arnType: "reserved-instance" },
};

/** Kind and id named by an ElastiCache ARN, e.g. a tag operation's resourceName. */
export function parseArn(arn: unknown): { kind: ResourceKind; id: string } | undefined {
  const s = asString(arn);
  if (!s?.startsWith("arn:")) return undefined;
  const parts = s.split(":");
  if (parts.length < 7 || parts[2] !== "elasticache") return undefined;
  const type = parts[5];
  const id = parts.slice(6).join(":");
  for (const [kind, info] of Object.entries(KIND_NAMING) as Array<[ResourceKind, KindNaming]>) {
    if (info.arnType === type) return { kind, id };
  }
  return undefined;
}

/**
 * The resource object of a response, whether flat (the older records drop the API's wrapper:
 * `cacheClusterId` at top level) or wrapped (`serverlessCache.serverlessCacheName`), but only
 * if it is this very resource — a response can describe another one (a member's group).
 */
export function resourceObject(kind: ResourceKind, resourceId: string, response: unknown): Json | undefined {
  const resp = asRecord(response);
  if (!resp) return undefined;
  const { idKey, wrapper } = KIND_NAMING[kind];
  const obj = resp[idKey] !== undefined ? resp : asRecord(resp[wrapper]);
  if (!obj || !sameId(obj[idKey], resourceId)) return undefined;
  return obj;
}
