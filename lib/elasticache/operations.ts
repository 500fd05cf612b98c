// ElastiCache API operations (API 2015-02-02), from the AWS SDK service model.
// Source: docs/reference/OPERATIONS.md. Used to keep records whose eventSource is empty
// (as in the ElastiCache guide's own examples) and to derive readOnly when a record lacks it.

export type OperationFamily =
  | "cache-cluster"
  | "events"
  | "global-replication-group"
  | "parameter-group"
  | "replication-group"
  | "reserved-node"
  | "security-group"
  | "serverless-cache"
  | "service-update"
  | "snapshot"
  | "subnet-group"
  | "tags"
  | "user";

export interface OperationInfo {
  readOnly: boolean;
  family: OperationFamily;
}

export const ELASTICACHE_OPERATIONS: Readonly<Record<string, OperationInfo>> = {
  AddTagsToResource: { readOnly: false, family: "tags" },
  ListTagsForResource: { readOnly: true, family: "tags" },
  RemoveTagsFromResource: { readOnly: false, family: "tags" },
  CreateCacheCluster: { readOnly: false, family: "cache-cluster" },
  DeleteCacheCluster: { readOnly: false, family: "cache-cluster" },
  DescribeCacheClusters: { readOnly: true, family: "cache-cluster" },
  ModifyCacheCluster: { readOnly: false, family: "cache-cluster" },
  RebootCacheCluster: { readOnly: false, family: "cache-cluster" },
  ListAllowedNodeTypeModifications: { readOnly: true, family: "cache-cluster" },
  CreateReplicationGroup: { readOnly: false, family: "replication-group" },
  DeleteReplicationGroup: { readOnly: false, family: "replication-group" },
  DescribeReplicationGroups: { readOnly: true, family: "replication-group" },
  ModifyReplicationGroup: { readOnly: false, family: "replication-group" },
  ModifyReplicationGroupShardConfiguration: { readOnly: false, family: "replication-group" },
  IncreaseReplicaCount: { readOnly: false, family: "replication-group" },
  DecreaseReplicaCount: { readOnly: false, family: "replication-group" },
  TestFailover: { readOnly: false, family: "replication-group" },
  StartMigration: { readOnly: false, family: "replication-group" },
  TestMigration: { readOnly: false, family: "replication-group" },
  CompleteMigration: { readOnly: false, family: "replication-group" },
  CreateGlobalReplicationGroup: { readOnly: false, family: "global-replication-group" },
  DeleteGlobalReplicationGroup: { readOnly: false, family: "global-replication-group" },
  DescribeGlobalReplicationGroups: { readOnly: true, family: "global-replication-group" },
  ModifyGlobalReplicationGroup: { readOnly: false, family: "global-replication-group" },
  DisassociateGlobalReplicationGroup: { readOnly: false, family: "global-replication-group" },
  FailoverGlobalReplicationGroup: { readOnly: false, family: "global-replication-group" },
  IncreaseNodeGroupsInGlobalReplicationGroup: { readOnly: false, family: "global-replication-group" },
  DecreaseNodeGroupsInGlobalReplicationGroup: { readOnly: false, family: "global-replication-group" },
  RebalanceSlotsInGlobalReplicationGroup: { readOnly: false, family: "global-replication-group" },
  CreateServerlessCache: { readOnly: false, family: "serverless-cache" },
  DeleteServerlessCache: { readOnly: false, family: "serverless-cache" },
  DescribeServerlessCaches: { readOnly: true, family: "serverless-cache" },
  ModifyServerlessCache: { readOnly: false, family: "serverless-cache" },
  CreateServerlessCacheSnapshot: { readOnly: false, family: "serverless-cache" },
  CopyServerlessCacheSnapshot: { readOnly: false, family: "serverless-cache" },
  DeleteServerlessCacheSnapshot: { readOnly: false, family: "serverless-cache" },
  DescribeServerlessCacheSnapshots: { readOnly: true, family: "serverless-cache" },
  ExportServerlessCacheSnapshot: { readOnly: false, family: "serverless-cache" },
  CreateSnapshot: { readOnly: false, family: "snapshot" },
  CopySnapshot: { readOnly: false, family: "snapshot" },
  DeleteSnapshot: { readOnly: false, family: "snapshot" },
  DescribeSnapshots: { readOnly: true, family: "snapshot" },
  CreateCacheParameterGroup: { readOnly: false, family: "parameter-group" },
  DeleteCacheParameterGroup: { readOnly: false, family: "parameter-group" },
  ModifyCacheParameterGroup: { readOnly: false, family: "parameter-group" },
  ResetCacheParameterGroup: { readOnly: false, family: "parameter-group" },
  DescribeCacheParameterGroups: { readOnly: true, family: "parameter-group" },
  DescribeCacheParameters: { readOnly: true, family: "parameter-group" },
  DescribeEngineDefaultParameters: { readOnly: true, family: "parameter-group" },
  DescribeCacheEngineVersions: { readOnly: true, family: "parameter-group" },
  CreateCacheSubnetGroup: { readOnly: false, family: "subnet-group" },
  ModifyCacheSubnetGroup: { readOnly: false, family: "subnet-group" },
  DeleteCacheSubnetGroup: { readOnly: false, family: "subnet-group" },
  DescribeCacheSubnetGroups: { readOnly: true, family: "subnet-group" },
  CreateCacheSecurityGroup: { readOnly: false, family: "security-group" },
  DeleteCacheSecurityGroup: { readOnly: false, family: "security-group" },
  AuthorizeCacheSecurityGroupIngress: { readOnly: false, family: "security-group" },
  RevokeCacheSecurityGroupIngress: { readOnly: false, family: "security-group" },
  DescribeCacheSecurityGroups: { readOnly: true, family: "security-group" },
  CreateUser: { readOnly: false, family: "user" },
  ModifyUser: { readOnly: false, family: "user" },
  DeleteUser: { readOnly: false, family: "user" },
  DescribeUsers: { readOnly: true, family: "user" },
  CreateUserGroup: { readOnly: false, family: "user" },
  ModifyUserGroup: { readOnly: false, family: "user" },
  DeleteUserGroup: { readOnly: false, family: "user" },
  DescribeUserGroups: { readOnly: true, family: "user" },
  PurchaseReservedCacheNodesOffering: { readOnly: false, family: "reserved-node" },
  DescribeReservedCacheNodes: { readOnly: true, family: "reserved-node" },
  DescribeReservedCacheNodesOfferings: { readOnly: true, family: "reserved-node" },
  BatchApplyUpdateAction: { readOnly: false, family: "service-update" },
  BatchStopUpdateAction: { readOnly: false, family: "service-update" },
  DescribeServiceUpdates: { readOnly: true, family: "service-update" },
  DescribeUpdateActions: { readOnly: true, family: "service-update" },
  DescribeEvents: { readOnly: true, family: "events" },
};

export const ELASTICACHE_EVENT_SOURCE = "elasticache.amazonaws.com";

export function elastiCacheOperation(eventName: string): OperationInfo | undefined {
  return Object.hasOwn(ELASTICACHE_OPERATIONS, eventName) ? ELASTICACHE_OPERATIONS[eventName] : undefined;
}
