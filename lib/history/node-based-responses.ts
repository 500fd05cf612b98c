// responseElements of node-based resources (cache clusters, replication groups, global
// datastores) → what they say is in effect now and what is pending.
import { withoutSecretFields } from "@/lib/cloudtrail/secrets";
import type { Configuration } from "./types";
import { applyListDelta, asArray, asRecord, asString, pluckSorted, sortedStrings, type Json } from "./values";

type Fields = Record<string, unknown>;

export interface Reported {
  fields: Fields;
  /** Pending values; null when the response does not carry a pending-values object at all. */
  pending: Fields | null;
}

/** Copy members that are present, renaming them. */
function pick(obj: Json, names: Readonly<Record<string, string>>, out: Fields): void {
  for (const [from, to] of Object.entries(names)) {
    const v = obj[from];
    if (v !== undefined) out[to] = withoutSecretFields(v);
  }
}

const CLUSTER_FIELDS = {
  engine: "engine",
  engineVersion: "engineVersion",
  cacheNodeType: "cacheNodeType",
  numCacheNodes: "numCacheNodes",
  cacheClusterStatus: "status",
  preferredAvailabilityZone: "preferredAvailabilityZone",
  preferredMaintenanceWindow: "preferredMaintenanceWindow",
  cacheSubnetGroupName: "subnetGroup",
  replicationGroupId: "replicationGroupId",
  snapshotRetentionLimit: "snapshotRetentionLimit",
  snapshotWindow: "snapshotWindow",
  authTokenEnabled: "authTokenEnabled",
  transitEncryptionEnabled: "transitEncryptionEnabled",
  transitEncryptionMode: "transitEncryptionMode",
  atRestEncryptionEnabled: "atRestEncryptionEnabled",
  autoMinorVersionUpgrade: "autoMinorVersionUpgrade",
  networkType: "networkType",
  ipDiscovery: "ipDiscovery",
} as const;

const CLUSTER_PENDING = {
  numCacheNodes: "numCacheNodes",
  engineVersion: "engineVersion",
  cacheNodeType: "cacheNodeType",
  transitEncryptionEnabled: "transitEncryptionEnabled",
  transitEncryptionMode: "transitEncryptionMode",
} as const;

export function clusterReported(obj: Json): Reported {
  const fields: Fields = {};
  pick(obj, CLUSTER_FIELDS, fields);
  const pg = asString(asRecord(obj.cacheParameterGroup)?.cacheParameterGroupName);
  if (pg !== undefined) fields.parameterGroup = pg;
  const sgs = pluckSorted(obj.securityGroups, "securityGroupId");
  if (sgs) fields.securityGroups = sgs;
  const csgs = pluckSorted(obj.cacheSecurityGroups, "cacheSecurityGroupName");
  if (csgs) fields.cacheSecurityGroups = csgs;
  const topic = asString(asRecord(obj.notificationConfiguration)?.topicArn);
  if (topic !== undefined) fields.notificationTopicArn = topic;
  const pmv = asRecord(obj.pendingModifiedValues);
  let pending: Fields | null = null;
  if (pmv) {
    pending = {};
    pick(pmv, CLUSTER_PENDING, pending);
  }
  return { fields, pending };
}

const GROUP_FIELDS = {
  description: "description",
  status: "status",
  snapshottingClusterId: "snapshottingClusterId",
  multiAZ: "multiAZ",
  snapshotRetentionLimit: "snapshotRetentionLimit",
  snapshotWindow: "snapshotWindow",
  clusterEnabled: "clusterEnabled",
  cacheNodeType: "cacheNodeType",
  authTokenEnabled: "authTokenEnabled",
  transitEncryptionEnabled: "transitEncryptionEnabled",
  transitEncryptionMode: "transitEncryptionMode",
  atRestEncryptionEnabled: "atRestEncryptionEnabled",
  kmsKeyId: "kmsKeyId",
  dataTiering: "dataTiering",
  autoMinorVersionUpgrade: "autoMinorVersionUpgrade",
  networkType: "networkType",
  ipDiscovery: "ipDiscovery",
  clusterMode: "clusterMode",
  engine: "engine",
} as const;

/** "enabling"/"disabling" are transitions: the target value is pending. */
function splitTransition(v: unknown): { now?: string; pending?: string } {
  const s = asString(v);
  if (s === "enabling") return { now: "disabled", pending: "enabled" };
  if (s === "disabling") return { now: "enabled", pending: "disabled" };
  return { now: s };
}

export function replicationGroupReported(obj: Json, current: Configuration): Reported {
  const fields: Fields = {};
  pick(obj, GROUP_FIELDS, fields);
  const pmv = asRecord(obj.pendingModifiedValues);
  const pending: Fields | null = pmv ? {} : null;

  const af = splitTransition(obj.automaticFailover);
  if (af.now !== undefined) fields.automaticFailover = af.now;
  if (af.pending !== undefined && pending) pending.automaticFailover = af.pending;

  const members = sortedStrings(obj.memberClusters);
  if (members) {
    fields.memberClusters = members;
    fields.numCacheClusters = members.length;
  }
  const userGroups = sortedStrings(obj.userGroupIds);
  if (userGroups) fields.userGroupIds = userGroups;
  const gInfo = asRecord(obj.globalReplicationGroupInfo);
  if (gInfo) {
    fields.globalReplicationGroupId = asString(gInfo.globalReplicationGroupId) ?? null;
    fields.globalReplicationGroupRole = asString(gInfo.globalReplicationGroupMemberRole)?.toLowerCase() ?? null;
  }
  Object.assign(fields, shardFacts(obj.nodeGroups));

  if (pmv && pending) {
    pick(pmv, { primaryClusterId: "primaryClusterId", transitEncryptionEnabled: "transitEncryptionEnabled" }, pending);
    pick(pmv, { transitEncryptionMode: "transitEncryptionMode", clusterMode: "clusterMode" }, pending);
    const afPending = asString(pmv.automaticFailoverStatus);
    if (afPending !== undefined) pending.automaticFailover = afPending;
    const ug = asRecord(pmv.userGroups);
    if (ug) {
      const base = userGroups ?? (current.userGroupIds?.value as string[] | undefined) ?? [];
      pending.userGroupIds = applyListDelta(base, ug.userGroupIdsToAdd, ug.userGroupIdsToRemove);
    }
  }
  return { fields, pending };
}

/** Shard count, replicas per shard and (cluster mode disabled) the primary, from nodeGroups. */
function shardFacts(nodeGroups: unknown): Fields {
  const groups = asArray(nodeGroups)
    ?.map(asRecord)
    .filter((g): g is Json => g !== undefined);
  if (!groups || groups.length === 0) return {};
  const out: Fields = { numNodeGroups: groups.length };
  const replicas: Record<string, number> = {};
  for (const [i, g] of groups.entries()) {
    const members = asArray(g.nodeGroupMembers);
    // A shard being created lists no members yet: that is "unknown", not "no replicas".
    if (members && members.length > 0) replicas[asString(g.nodeGroupId) ?? String(i)] = Math.max(0, members.length - 1);
  }
  const counts = new Set(Object.values(replicas));
  if (counts.size === 1) out.replicasPerNodeGroup = [...counts][0];
  else if (counts.size > 1) out.replicasPerNodeGroup = replicas;
  // Roles are documented for cluster mode disabled (a single shard: primaryClusterId); should a
  // response report them for several shards, each shard's primary is primaries.<nodeGroupId>.
  for (const [i, g] of groups.entries()) {
    for (const m of asArray(g.nodeGroupMembers) ?? []) {
      const rec = asRecord(m);
      if (asString(rec?.currentRole) !== "primary") continue;
      const id = asString(rec?.cacheClusterId);
      if (groups.length === 1) out.primaryClusterId = id;
      else out[`primaries.${asString(g.nodeGroupId) ?? String(i)}`] = id;
    }
  }
  return out;
}

export function globalGroupReported(obj: Json): Reported {
  const fields: Fields = {};
  pick(
    obj,
    {
      globalReplicationGroupDescription: "description",
      status: "status",
      cacheNodeType: "cacheNodeType",
      engine: "engine",
      engineVersion: "engineVersion",
      clusterEnabled: "clusterEnabled",
      authTokenEnabled: "authTokenEnabled",
      transitEncryptionEnabled: "transitEncryptionEnabled",
      atRestEncryptionEnabled: "atRestEncryptionEnabled",
    },
    fields,
  );
  const members = asArray(obj.members)
    ?.map(asRecord)
    .filter((m): m is Json => m !== undefined);
  if (members) {
    const secondaries: string[] = [];
    const failover = new Set<string>();
    for (const m of members) {
      const id = asString(m.replicationGroupId);
      if (id === undefined) continue;
      if (asString(m.role)?.toLowerCase() === "primary") fields.primaryReplicationGroupId = id;
      else secondaries.push(id);
      const af = asString(m.automaticFailover);
      if (af !== undefined) failover.add(af);
    }
    fields.secondaryReplicationGroupIds = secondaries.sort();
    if (failover.size === 1) fields.automaticFailover = [...failover][0];
  }
  const nodeGroups = asArray(obj.globalNodeGroups);
  if (nodeGroups) fields.numNodeGroups = nodeGroups.length;
  return { fields, pending: null };
}

/** Role of a replication group in a global datastore response: undefined = not reported, null = not a member. */
export function memberRole(globalGroup: Json | undefined, rgId: string): "primary" | "secondary" | null | undefined {
  const members = asArray(globalGroup?.members);
  if (!members) return undefined;
  for (const m of members) {
    const rec = asRecord(m);
    if (asString(rec?.replicationGroupId)?.toLowerCase() === rgId.toLowerCase()) {
      return asString(rec?.role)?.toLowerCase() === "primary" ? "primary" : "secondary";
    }
  }
  return null;
}
