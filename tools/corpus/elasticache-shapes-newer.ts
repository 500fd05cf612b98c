// Response shapes of the newer ElastiCache operations. Unlike the flat cluster objects, these keep
// the API's wrapper (`serverlessCache`, `globalReplicationGroup`, `reservedCacheNode`); users and
// user groups have no wrapper in the API at all. Parsers must handle both styles.

import type { Engine } from "./elasticache-inventory";
import { elastiCacheArn, endpointHost, globalDatastoreArn } from "./elasticache-shapes";
import type { JsonObject } from "./json";
import { javaDate } from "./time-format";

export interface ServerlessState {
  name: string;
  description: string;
  accountId: string;
  region: string;
  engine: Engine;
  majorEngineVersion: string;
  maxDataStorageGb: number;
  maxEcpuPerSecond: number;
  securityGroupIds: string[];
  subnetIds: string[];
  userGroupId?: string;
  kmsKeyArn?: string;
  snapshotRetentionLimit: number;
  endpointHash: string;
  createdAtMs: number;
}

export function serverlessCacheResponse(s: ServerlessState, status: string): JsonObject {
  const address = endpointHost(s.name, s.endpointHash, s.region, "serverless");
  return {
    serverlessCache: {
      serverlessCacheName: s.name,
      description: s.description,
      createTime: javaDate(s.createdAtMs),
      status,
      engine: s.engine,
      majorEngineVersion: s.majorEngineVersion,
      fullEngineVersion: s.engine === "valkey" ? "8.0" : "7.1",
      cacheUsageLimits: {
        dataStorage: { maximum: s.maxDataStorageGb, unit: "GB" },
        eCPUPerSecond: { maximum: s.maxEcpuPerSecond },
      },
      kmsKeyId: s.kmsKeyArn,
      securityGroupIds: s.securityGroupIds,
      endpoint: status === "creating" ? undefined : { address, port: 6379 },
      readerEndpoint: status === "creating" ? undefined : { address, port: 6380 },
      aRN: elastiCacheArn(s.region, s.accountId, "serverlesscache", s.name),
      userGroupId: s.userGroupId,
      subnetIds: s.subnetIds,
      snapshotRetentionLimit: s.snapshotRetentionLimit,
      dailySnapshotTime: "04:00",
    },
  };
}

export function serverlessSnapshotResponse(opts: {
  name: string;
  cacheName: string;
  accountId: string;
  region: string;
  engine: Engine;
  majorEngineVersion: string;
  status: string;
  nowMs: number;
  kmsKeyArn?: string;
}): JsonObject {
  return {
    serverlessCacheSnapshot: {
      serverlessCacheSnapshotName: opts.name,
      aRN: elastiCacheArn(opts.region, opts.accountId, "serverlesscachesnapshot", opts.name),
      kmsKeyId: opts.kmsKeyArn,
      snapshotType: "manual",
      status: opts.status,
      createTime: javaDate(opts.nowMs),
      serverlessCacheConfiguration: {
        serverlessCacheName: opts.cacheName,
        engine: opts.engine,
        majorEngineVersion: opts.majorEngineVersion,
      },
    },
  };
}

export function userResponse(opts: {
  userId: string;
  userName: string;
  accountId: string;
  region: string;
  engine: Engine;
  status: string;
  accessString: string;
  userGroupIds: string[];
  passwordCount: number;
}): JsonObject {
  return {
    userId: opts.userId,
    userName: opts.userName,
    status: opts.status,
    engine: opts.engine,
    minimumEngineVersion: "6.0",
    accessString: opts.accessString,
    userGroupIds: opts.userGroupIds,
    authentication:
      opts.passwordCount > 0 ? { type: "password", passwordCount: opts.passwordCount } : { type: "no-password" },
    aRN: elastiCacheArn(opts.region, opts.accountId, "user", opts.userId),
  };
}

export function userGroupResponse(opts: {
  userGroupId: string;
  accountId: string;
  region: string;
  engine: Engine;
  status: string;
  userIds: string[];
  pendingAdd?: string[];
  pendingRemove?: string[];
  replicationGroups?: string[];
}): JsonObject {
  const pending =
    opts.pendingAdd || opts.pendingRemove
      ? { userIdsToAdd: opts.pendingAdd ?? [], userIdsToRemove: opts.pendingRemove ?? [] }
      : undefined;
  return {
    userGroupId: opts.userGroupId,
    status: opts.status,
    engine: opts.engine,
    userIds: opts.userIds,
    minimumEngineVersion: "6.0",
    pendingChanges: pending,
    replicationGroups: opts.replicationGroups ?? [],
    serverlessCaches: [],
    aRN: elastiCacheArn(opts.region, opts.accountId, "usergroup", opts.userGroupId),
  };
}

export interface GlobalDatastoreState {
  /** The full id, "<prefix>-<suffix>": the request only carries the suffix. */
  id: string;
  description: string;
  accountId: string;
  engine: Engine;
  engineVersion: string;
  nodeType: string;
  clusterMode: boolean;
  members: { replicationGroupId: string; region: string; role: "PRIMARY" | "SECONDARY"; status: string }[];
}

export function globalDatastoreResponse(s: GlobalDatastoreState, status: string): JsonObject {
  return {
    globalReplicationGroup: {
      globalReplicationGroupId: s.id,
      globalReplicationGroupDescription: s.description,
      status,
      cacheNodeType: s.nodeType,
      engine: s.engine,
      engineVersion: s.engineVersion,
      members: s.members.map((m) => ({
        replicationGroupId: m.replicationGroupId,
        replicationGroupRegion: m.region,
        role: m.role,
        automaticFailover: "enabled",
        status: m.status,
      })),
      clusterEnabled: s.clusterMode,
      authTokenEnabled: false,
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: true,
      aRN: globalDatastoreArn(s.accountId, s.id),
    },
  };
}

export function reservedNodeResponse(opts: {
  reservedCacheNodeId: string;
  offeringId: string;
  nodeType: string;
  count: number;
  nowMs: number;
  accountId: string;
  region: string;
  engine: Engine;
}): JsonObject {
  return {
    reservedCacheNode: {
      reservedCacheNodeId: opts.reservedCacheNodeId,
      reservedCacheNodesOfferingId: opts.offeringId,
      cacheNodeType: opts.nodeType,
      startTime: javaDate(opts.nowMs),
      duration: 31536000,
      fixedPrice: 0,
      usagePrice: 0,
      cacheNodeCount: opts.count,
      productDescription: opts.engine,
      offeringType: "No Upfront",
      state: "payment-pending",
      recurringCharges: [{ recurringChargeAmount: 0.136, recurringChargeFrequency: "Hourly" }],
      reservationARN: elastiCacheArn(opts.region, opts.accountId, "reserved-instance", opts.reservedCacheNodeId),
    },
  };
}
