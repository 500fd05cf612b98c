// Response shapes of the node-based ElastiCache operations, written the way CloudTrail records
// them: flat objects (the API's CacheCluster/ReplicationGroup wrapper dropped, as in the seed
// records), camelCase keys, and Java-style dates ("Mar 14, 2025 11:16:06 PM"), not ISO.

import type { Engine } from "./elasticache-inventory";
import type { JsonObject } from "./json";
import { javaDate } from "./time-format";

const REGION_CODES: Record<string, string> = {
  "us-east-1": "use1",
  "eu-west-1": "euw1",
  "us-west-2": "usw2",
  "ap-southeast-2": "apse2",
};

export function elastiCacheArn(region: string, accountId: string, type: string, id: string): string {
  return `arn:aws:elasticache:${region}:${accountId}:${type}:${id}`;
}

export function globalDatastoreArn(accountId: string, id: string): string {
  return `arn:aws:elasticache::${accountId}:globalreplicationgroup:${id}`;
}

/** The endpoint host suffix, e.g. "abc123.ng.0001.use1.cache.amazonaws.com". */
export function endpointHost(id: string, hash: string, region: string, kind: "cfg" | "ng" | "serverless"): string {
  const code = REGION_CODES[region] ?? region;
  if (kind === "serverless") return `${id}-${hash}.serverless.${code}.cache.amazonaws.com`;
  return kind === "cfg"
    ? `${id}.${hash}.cfg.${code}.cache.amazonaws.com`
    : `${id}.${hash}.ng.0001.${code}.cache.amazonaws.com`;
}

export interface ClusterState {
  id: string;
  accountId: string;
  region: string;
  engine: Engine;
  engineVersion: string;
  nodeType: string;
  numNodes: number;
  az: string;
  parameterGroup: string;
  subnetGroup: string;
  securityGroupIds: string[];
  maintenanceWindow: string;
  snapshotWindow: string;
  snapshotRetentionLimit: number;
  transitEncryption: boolean;
  endpointHash: string;
  replicationGroupId?: string;
  createdAtMs?: number;
}

export function cacheClusterResponse(s: ClusterState, status: string, pending: JsonObject): JsonObject {
  const memcached = s.engine === "memcached";
  return {
    cacheClusterId: s.id,
    configurationEndpoint:
      memcached && s.createdAtMs !== undefined
        ? { address: endpointHost(s.id, s.endpointHash, s.region, "cfg"), port: 11211 }
        : undefined,
    clientDownloadLandingPage: "https://console.aws.amazon.com/elasticache/home#client-download:",
    cacheNodeType: s.nodeType,
    engine: s.engine,
    engineVersion: s.engineVersion,
    cacheClusterStatus: status,
    numCacheNodes: s.numNodes,
    preferredAvailabilityZone: memcached && s.numNodes > 1 ? "Multiple" : s.az,
    cacheClusterCreateTime: s.createdAtMs !== undefined ? javaDate(s.createdAtMs) : undefined,
    preferredMaintenanceWindow: s.maintenanceWindow,
    pendingModifiedValues: pending,
    cacheSecurityGroups: [],
    cacheParameterGroup: {
      cacheParameterGroupName: s.parameterGroup,
      parameterApplyStatus: "in-sync",
      cacheNodeIdsToReboot: [],
    },
    cacheSubnetGroupName: s.subnetGroup,
    autoMinorVersionUpgrade: true,
    securityGroups: s.securityGroupIds.map((securityGroupId) => ({ securityGroupId, status: "active" })),
    replicationGroupId: s.replicationGroupId,
    snapshotRetentionLimit: memcached ? undefined : s.snapshotRetentionLimit,
    snapshotWindow: memcached ? undefined : s.snapshotWindow,
    authTokenEnabled: false,
    transitEncryptionEnabled: s.transitEncryption,
    atRestEncryptionEnabled: !memcached,
    aRN: elastiCacheArn(s.region, s.accountId, "cluster", s.id),
    replicationGroupLogDeliveryEnabled: false,
    logDeliveryConfigurations: [],
    networkType: "ipv4",
    ipDiscovery: "ipv4",
  };
}

export interface ReplicationGroupState {
  id: string;
  description: string;
  accountId: string;
  region: string;
  engine: Engine;
  engineVersion: string;
  nodeType: string;
  clusterMode: boolean;
  shards: number;
  replicasPerShard: number;
  authToken: boolean;
  transitEncryption: boolean;
  kmsKeyArn?: string;
  userGroupIds: string[];
  snapshotRetentionLimit: number;
  snapshotWindow: string;
  endpointHash: string;
  globalReplicationGroupId?: string;
  globalRole?: "PRIMARY" | "SECONDARY";
  createdAtMs: number;
}

/** Member clusters ElastiCache names for a group: `<rg>-001…` or, with cluster mode, `<rg>-0001-001…`. */
export function memberClusterIds(s: ReplicationGroupState): string[] {
  const ids: string[] = [];
  for (let shard = 1; shard <= s.shards; shard++) {
    for (let node = 1; node <= s.replicasPerShard + 1; node++) {
      const n = String(node).padStart(3, "0");
      ids.push(s.clusterMode ? `${s.id}-${String(shard).padStart(4, "0")}-${n}` : `${s.id}-${n}`);
    }
  }
  return ids;
}

export function replicationGroupResponse(s: ReplicationGroupState, status: string, pending: JsonObject): JsonObject {
  const creating = status === "creating";
  const multiNode = s.replicasPerShard > 0;
  return {
    replicationGroupId: s.id,
    description: s.description,
    globalReplicationGroupInfo: s.globalReplicationGroupId
      ? {
          globalReplicationGroupId: s.globalReplicationGroupId,
          globalReplicationGroupMemberRole: s.globalRole ?? "PRIMARY",
        }
      : undefined,
    status,
    pendingModifiedValues: pending,
    memberClusters: memberClusterIds(s),
    nodeGroups: creating
      ? undefined
      : Array.from({ length: s.shards }, (_, i) => ({
          nodeGroupId: String(i + 1).padStart(4, "0"),
          status: "available",
          primaryEndpoint: s.clusterMode
            ? undefined
            : { address: endpointHost(`master.${s.id}`, s.endpointHash, s.region, "ng"), port: 6379 },
          readerEndpoint: s.clusterMode
            ? undefined
            : { address: endpointHost(`replica.${s.id}`, s.endpointHash, s.region, "ng"), port: 6379 },
          slots: s.clusterMode
            ? `${Math.floor((16384 / s.shards) * i)}-${Math.floor((16384 / s.shards) * (i + 1)) - 1}`
            : undefined,
        })),
    automaticFailover: multiNode ? (creating ? "enabling" : "enabled") : "disabled",
    multiAZ: multiNode ? "enabled" : "disabled",
    configurationEndpoint:
      s.clusterMode && !creating
        ? { address: endpointHost(s.id, s.endpointHash, s.region, "cfg"), port: 6379 }
        : undefined,
    snapshotRetentionLimit: s.snapshotRetentionLimit,
    snapshotWindow: s.snapshotWindow,
    clusterEnabled: s.clusterMode,
    cacheNodeType: s.nodeType,
    authTokenEnabled: s.authToken,
    transitEncryptionEnabled: s.transitEncryption,
    atRestEncryptionEnabled: true,
    kmsKeyId: s.kmsKeyArn,
    aRN: elastiCacheArn(s.region, s.accountId, "replicationgroup", s.id),
    userGroupIds: s.userGroupIds.length > 0 ? s.userGroupIds : undefined,
    logDeliveryConfigurations: [],
    replicationGroupCreateTime: javaDate(s.createdAtMs),
    dataTiering: "disabled",
    autoMinorVersionUpgrade: true,
    networkType: "ipv4",
    ipDiscovery: "ipv4",
    transitEncryptionMode: s.transitEncryption ? "required" : undefined,
    clusterMode: s.clusterMode ? "enabled" : "disabled",
    engine: s.engine,
  };
}

export function snapshotResponse(opts: {
  name: string;
  status: string;
  source: "manual" | "automated";
  accountId: string;
  region: string;
  engine: Engine;
  engineVersion: string;
  nodeType: string;
  clusterIds: string[];
  replicationGroupId?: string;
  createdAtMs: number;
  nowMs: number;
}): JsonObject {
  return {
    snapshotName: opts.name,
    replicationGroupId: opts.replicationGroupId,
    cacheClusterId: opts.replicationGroupId ? undefined : opts.clusterIds[0],
    snapshotStatus: opts.status,
    snapshotSource: opts.source,
    cacheNodeType: opts.nodeType,
    engine: opts.engine,
    engineVersion: opts.engineVersion,
    numCacheNodes: opts.replicationGroupId ? undefined : 1,
    cacheClusterCreateTime: opts.replicationGroupId ? undefined : javaDate(opts.createdAtMs),
    port: 6379,
    cacheParameterGroupName: `default.${opts.engine === "valkey" ? "valkey8" : "redis7"}`,
    autoMinorVersionUpgrade: true,
    snapshotRetentionLimit: 0,
    snapshotWindow: "03:00-04:00",
    nodeSnapshots: opts.clusterIds.map((cacheClusterId) => ({
      cacheClusterId,
      cacheNodeId: "0001",
      cacheSize: "",
      cacheNodeCreateTime: javaDate(opts.createdAtMs),
      snapshotCreateTime: javaDate(opts.nowMs),
    })),
    aRN: elastiCacheArn(opts.region, opts.accountId, "snapshot", opts.name),
    dataTiering: "disabled",
  };
}

export function subnetGroupResponse(opts: {
  name: string;
  description: string;
  accountId: string;
  region: string;
  vpcId: string;
  subnetIds: string[];
}): JsonObject {
  return {
    cacheSubnetGroupName: opts.name,
    cacheSubnetGroupDescription: opts.description,
    vpcId: opts.vpcId,
    subnets: opts.subnetIds.map((subnetIdentifier, i) => ({
      subnetIdentifier,
      subnetAvailabilityZone: { name: `${opts.region}${"abc"[i % 3]}` },
      supportedNetworkTypes: ["ipv4"],
    })),
    aRN: elastiCacheArn(opts.region, opts.accountId, "subnetgroup", opts.name),
    supportedNetworkTypes: ["ipv4"],
  };
}

export function parameterGroupResponse(opts: {
  name: string;
  family: string;
  description: string;
  accountId: string;
  region: string;
}): JsonObject {
  return {
    cacheParameterGroupName: opts.name,
    cacheParameterGroupFamily: opts.family,
    description: opts.description,
    isGlobal: false,
    aRN: elastiCacheArn(opts.region, opts.accountId, "parametergroup", opts.name),
  };
}
