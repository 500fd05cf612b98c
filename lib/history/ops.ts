// Which resource each write operation acts on, and how its request is read.
import type { ResourceKind } from "@/lib/cloudtrail/types";
import { parseArn, resourceObject } from "./kind-naming";
import { requestedFields } from "./requests";
import * as S from "./request-shapers";
import { asString, sameId, type Json } from "./values";

export interface OpSpec {
  /** Does the event act on this resource itself? */
  targets(kind: ResourceKind, resourceId: string, req: Json, resp: unknown): boolean;
  lifecycle?: "create" | "delete";
  synchronous?: boolean;
  /** Reboots return the cluster mid-reboot; nothing in it is a configuration change. */
  ignoreResponse?: boolean;
  shape?: S.Shaper;
}

const defaultShape: S.Shaper = (ctx) => ({ requested: requestedFields(ctx.kind, ctx.req) });

/** Target when `param` of the request names a resource of `kind`. */
function by(kind: ResourceKind, param: string) {
  return (k: ResourceKind, id: string, req: Json): boolean => k === kind && sameId(req[param], id);
}

const cluster = by("cache-cluster", "cacheClusterId");
const group = by("replication-group", "replicationGroupId");
const globalGroup = by("global-replication-group", "globalReplicationGroupId");
const serverless = by("serverless-cache", "serverlessCacheName");
const paramGroup = by("parameter-group", "cacheParameterGroupName");
const subnetGroup = by("subnet-group", "cacheSubnetGroupName");
const secGroup = by("security-group", "cacheSecurityGroupName");
const user = by("user", "userId");
const userGroup = by("user-group", "userGroupId");

/** Tag operations name their resource by ARN. */
function byArn(kind: ResourceKind, id: string, req: Json): boolean {
  const arn = parseArn(req.resourceName);
  return arn !== undefined && arn.kind === kind && sameId(arn.id, id);
}

/** The full id of a new global datastore (AWS prefixes the suffix) is only in the response. */
function newGlobalGroup(kind: ResourceKind, id: string, req: Json, resp: unknown): boolean {
  if (kind !== "global-replication-group") return false;
  if (resourceObject(kind, id, resp)) return true;
  const suffix = asString(req.globalReplicationGroupIdSuffix);
  return suffix !== undefined && id.toLowerCase().endsWith(`-${suffix.toLowerCase()}`);
}

/** Purchases without a reservedCacheNodeId get a generated one, only in the response. */
function reservation(kind: ResourceKind, id: string, req: Json, resp: unknown): boolean {
  return (
    kind === "reserved-node" && (sameId(req.reservedCacheNodeId, id) || resourceObject(kind, id, resp) !== undefined)
  );
}

export const OPS: Readonly<Record<string, OpSpec>> = {
  CreateCacheCluster: { targets: cluster, lifecycle: "create", shape: S.createWithAuthToken },
  ModifyCacheCluster: { targets: cluster, shape: S.modifyCacheCluster },
  DeleteCacheCluster: { targets: cluster, lifecycle: "delete" },
  RebootCacheCluster: { targets: cluster, ignoreResponse: true, shape: S.nothingRequested },

  CreateReplicationGroup: { targets: group, lifecycle: "create", shape: S.createWithAuthToken },
  ModifyReplicationGroup: { targets: group, shape: S.modifyReplicationGroup },
  DeleteReplicationGroup: { targets: group, lifecycle: "delete" },
  ModifyReplicationGroupShardConfiguration: { targets: group, shape: S.modifyShardConfiguration },
  IncreaseReplicaCount: { targets: group },
  DecreaseReplicaCount: { targets: group, shape: S.decreaseReplicaCount },
  TestFailover: { targets: group, shape: S.testFailover },
  StartMigration: { targets: group, shape: S.nothingRequested },
  TestMigration: { targets: group, shape: S.nothingRequested },
  CompleteMigration: { targets: group, shape: S.nothingRequested },

  CreateGlobalReplicationGroup: { targets: newGlobalGroup, lifecycle: "create" },
  ModifyGlobalReplicationGroup: { targets: globalGroup },
  DeleteGlobalReplicationGroup: { targets: globalGroup, lifecycle: "delete" },
  DisassociateGlobalReplicationGroup: { targets: globalGroup, shape: S.disassociateGlobalGroup },
  FailoverGlobalReplicationGroup: { targets: globalGroup },
  IncreaseNodeGroupsInGlobalReplicationGroup: { targets: globalGroup },
  DecreaseNodeGroupsInGlobalReplicationGroup: { targets: globalGroup },
  RebalanceSlotsInGlobalReplicationGroup: { targets: globalGroup, shape: S.nothingRequested },

  CreateServerlessCache: { targets: serverless, lifecycle: "create" },
  ModifyServerlessCache: { targets: serverless, shape: S.modifyServerlessCache },
  DeleteServerlessCache: { targets: serverless, lifecycle: "delete" },

  CreateServerlessCacheSnapshot: {
    targets: by("serverless-cache-snapshot", "serverlessCacheSnapshotName"),
    lifecycle: "create",
  },
  CopyServerlessCacheSnapshot: {
    targets: by("serverless-cache-snapshot", "targetServerlessCacheSnapshotName"),
    lifecycle: "create",
  },
  DeleteServerlessCacheSnapshot: {
    targets: by("serverless-cache-snapshot", "serverlessCacheSnapshotName"),
    lifecycle: "delete",
  },
  ExportServerlessCacheSnapshot: {
    targets: by("serverless-cache-snapshot", "serverlessCacheSnapshotName"),
    shape: S.nothingRequested,
  },

  CreateSnapshot: { targets: by("snapshot", "snapshotName"), lifecycle: "create" },
  // With targetBucket, CopySnapshot exports to S3: no new ElastiCache snapshot exists.
  CopySnapshot: {
    targets: (k, id, req) => req.targetBucket === undefined && by("snapshot", "targetSnapshotName")(k, id, req),
    lifecycle: "create",
  },
  DeleteSnapshot: { targets: by("snapshot", "snapshotName"), lifecycle: "delete" },

  CreateCacheParameterGroup: { targets: paramGroup, lifecycle: "create" },
  ModifyCacheParameterGroup: { targets: paramGroup, synchronous: true, shape: S.modifyParameterGroup },
  ResetCacheParameterGroup: { targets: paramGroup, synchronous: true, shape: S.resetParameterGroup },
  DeleteCacheParameterGroup: { targets: paramGroup, lifecycle: "delete" },

  CreateCacheSubnetGroup: { targets: subnetGroup, lifecycle: "create" },
  ModifyCacheSubnetGroup: { targets: subnetGroup, synchronous: true },
  DeleteCacheSubnetGroup: { targets: subnetGroup, lifecycle: "delete" },

  CreateCacheSecurityGroup: { targets: secGroup, lifecycle: "create" },
  DeleteCacheSecurityGroup: { targets: secGroup, lifecycle: "delete" },
  AuthorizeCacheSecurityGroupIngress: { targets: secGroup, synchronous: true, shape: S.authorizeIngress },
  RevokeCacheSecurityGroupIngress: { targets: secGroup, synchronous: true, shape: S.revokeIngress },

  CreateUser: { targets: user, lifecycle: "create" },
  ModifyUser: { targets: user, shape: S.modifyUser },
  DeleteUser: { targets: user, lifecycle: "delete" },
  CreateUserGroup: { targets: userGroup, lifecycle: "create" },
  ModifyUserGroup: { targets: userGroup, shape: S.modifyUserGroup },
  DeleteUserGroup: { targets: userGroup, lifecycle: "delete" },

  PurchaseReservedCacheNodesOffering: { targets: reservation, lifecycle: "create" },

  AddTagsToResource: { targets: byArn, synchronous: true },
  RemoveTagsFromResource: { targets: byArn, synchronous: true, shape: S.removeTags },
};

export function opSpec(eventName: string): OpSpec | undefined {
  return Object.hasOwn(OPS, eventName) ? OPS[eventName] : undefined;
}

export function shapeOf(spec: OpSpec): S.Shaper {
  return spec.shape ?? defaultShape;
}
