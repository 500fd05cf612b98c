// requestParameters → configuration fields. One table serves every kind because the API
// reuses parameter names across operations; the parameter that names the resource itself
// (cacheClusterId for a cluster, userGroupId for a user group…) is skipped per kind.
import { isSecretKey } from "@/lib/cloudtrail/secrets";
import type { ResourceKind } from "@/lib/cloudtrail/types";
import { KIND_NAMING } from "./kind-naming";
import { asArray, asNumber, asRecord, asString, enabledWord, sortedStrings, type Json } from "./values";

type Fields = Record<string, unknown>;
type Mapper = string | ((value: unknown, req: Json) => Fields);

const same = (field: string) => field;
const sorted = (field: string) => (v: unknown) => ({ [field]: sortedStrings(v) });
const flag = (field: string) => (v: unknown) => ({ [field]: enabledWord(v) });

const REQUEST_FIELDS: Readonly<Record<string, Mapper>> = {
  engine: same("engine"),
  engineVersion: same("engineVersion"),
  majorEngineVersion: same("majorEngineVersion"),
  cacheNodeType: same("cacheNodeType"),
  numCacheNodes: same("numCacheNodes"),
  // Cluster mode disabled: one shard holding a primary and numCacheClusters - 1 replicas.
  numCacheClusters: (v, req) => {
    const n = asNumber(v);
    if (n === undefined || req.numNodeGroups !== undefined || req.nodeGroupConfiguration !== undefined) {
      return { numCacheClusters: v };
    }
    return { numCacheClusters: n, numNodeGroups: 1, replicasPerNodeGroup: Math.max(0, n - 1) };
  },
  numNodeGroups: same("numNodeGroups"),
  nodeGroupCount: same("numNodeGroups"),
  replicasPerNodeGroup: same("replicasPerNodeGroup"),
  newReplicaCount: same("replicasPerNodeGroup"),
  aZMode: same("aZMode"),
  preferredAvailabilityZone: same("preferredAvailabilityZone"),
  preferredAvailabilityZones: same("preferredAvailabilityZones"),
  preferredCacheClusterAZs: same("preferredAvailabilityZones"),
  cacheParameterGroupName: same("parameterGroup"),
  cacheParameterGroupFamily: same("family"),
  cacheSubnetGroupName: same("subnetGroup"),
  securityGroupIds: sorted("securityGroups"),
  cacheSecurityGroupNames: sorted("cacheSecurityGroups"),
  subnetIds: sorted("subnetIds"),
  preferredMaintenanceWindow: same("preferredMaintenanceWindow"),
  snapshotWindow: same("snapshotWindow"),
  snapshotRetentionLimit: same("snapshotRetentionLimit"),
  dailySnapshotTime: same("dailySnapshotTime"),
  notificationTopicArn: same("notificationTopicArn"),
  notificationTopicStatus: same("notificationTopicStatus"),
  autoMinorVersionUpgrade: same("autoMinorVersionUpgrade"),
  port: same("port"),
  transitEncryptionEnabled: same("transitEncryptionEnabled"),
  transitEncryptionMode: same("transitEncryptionMode"),
  atRestEncryptionEnabled: same("atRestEncryptionEnabled"),
  kmsKeyId: same("kmsKeyId"),
  networkType: same("networkType"),
  ipDiscovery: same("ipDiscovery"),
  clusterMode: same("clusterMode"),
  automaticFailoverEnabled: flag("automaticFailover"),
  multiAZEnabled: flag("multiAZ"),
  dataTieringEnabled: flag("dataTiering"),
  description: same("description"),
  replicationGroupDescription: same("description"),
  globalReplicationGroupDescription: same("description"),
  cacheSubnetGroupDescription: same("description"),
  cacheClusterId: same("cacheClusterId"),
  replicationGroupId: same("replicationGroupId"),
  globalReplicationGroupId: same("globalReplicationGroupId"),
  primaryClusterId: same("primaryClusterId"),
  primaryReplicationGroupId: same("primaryReplicationGroupId"),
  snapshottingClusterId: same("snapshottingClusterId"),
  serverlessCacheName: same("serverlessCacheName"),
  snapshotName: same("restoredFromSnapshot"),
  sourceSnapshotName: same("copiedFrom"),
  sourceServerlessCacheSnapshotName: same("copiedFrom"),
  cacheUsageLimits: same("cacheUsageLimits"),
  userGroupId: same("userGroupId"),
  userGroupIds: sorted("userGroupIds"),
  userIds: sorted("userIds"),
  userName: same("userName"),
  accessString: same("accessString"),
  reservedCacheNodesOfferingId: same("reservedCacheNodesOfferingId"),
  cacheNodeCount: same("cacheNodeCount"),
  nodeGroupConfiguration: (v, req) =>
    req.numNodeGroups === undefined && asArray(v) ? { numNodeGroups: asArray(v)?.length } : {},
  replicaConfiguration: (v) => ({ replicasPerNodeGroup: replicaCounts(v) }),
  noPasswordRequired: (v) => (v === true ? { authenticationType: "no-password" } : {}),
  authenticationMode: (v) => ({ authenticationType: authenticationType(asString(asRecord(v)?.type)) }),
  tags: (v) => tagFields(v),
};

/** The configuration a request asks for, in configuration-field names. Secrets are never read. */
export function requestedFields(kind: ResourceKind, req: Json): Fields {
  const idKey = KIND_NAMING[kind].idKey;
  const out: Fields = {};
  for (const [param, value] of Object.entries(req)) {
    if (param === idKey || isSecretKey(param) || value === undefined) continue;
    const mapper = REQUEST_FIELDS[param];
    if (mapper === undefined) continue;
    const fields = typeof mapper === "string" ? { [mapper]: value } : mapper(value, req);
    for (const [f, v] of Object.entries(fields)) if (v !== undefined) out[f] = v;
  }
  // A password list's size is not secret and tells the reader how many are in use.
  const passwords = asArray(req.passwords) ?? asArray(asRecord(req.authenticationMode)?.passwords);
  if (passwords && kind === "user") {
    out.passwordCount = passwords.length;
    out.authenticationType ??= "password";
  }
  return out;
}

/** `[{key, value}]` (requests, and tagList in responses) → `tags.<key>` fields. */
export function tagFields(v: unknown): Fields {
  const out: Fields = {};
  for (const t of asArray(v) ?? []) {
    const rec = asRecord(t);
    const key = asString(rec?.key ?? rec?.Key);
    if (key !== undefined) out[`tags.${key}`] = asString(rec?.value ?? rec?.Value) ?? "";
  }
  return out;
}

/** Requests say "no-password-required"; User.authentication.type says "no-password". */
export function authenticationType(type: string | undefined): string | undefined {
  if (type === undefined) return undefined;
  return type === "no-password-required" ? "no-password" : type;
}

/** replicaConfiguration per shard → one number when uniform, else `{nodeGroupId: count}`. */
function replicaCounts(v: unknown): unknown {
  const perGroup: Record<string, number> = {};
  for (const item of asArray(v) ?? []) {
    const rec = asRecord(item);
    const id = asString(rec?.nodeGroupId);
    const n = asNumber(rec?.newReplicaCount);
    if (id !== undefined && n !== undefined) perGroup[id] = n;
  }
  const counts = new Set(Object.values(perGroup));
  if (counts.size === 0) return undefined;
  return counts.size === 1 ? [...counts][0] : perGroup;
}
