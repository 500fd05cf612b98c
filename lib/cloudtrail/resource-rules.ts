// Which request parameters of each ElastiCache operation name which resources, and which
// response reader finds the ids that only the response holds. One entry per operation of
// docs/reference/OPERATIONS.md, so a reviewer can check the table against that list line by line.
// Parameters that name things outside ElastiCache (kmsKeyId, s3BucketName, VPC security groups,
// serviceUpdateName, offering ids) are deliberately absent: they are not resources we track.

import { parseElastiCacheArn } from "./arn";
import { own, ownString, type JsonObject } from "./json";
import type { ResourceCollector } from "./resource-collector";
import * as read from "./resource-responses";
import type { ResourceKind, ResourceRole } from "./types";

/** [request parameter, kind of resource it names, part the resource plays]; lists allowed. */
type ParamRule = readonly [param: string, kind: ResourceKind, role: ResourceRole];

export interface OperationRules {
  params?: readonly ParamRule[];
  /** For parameters whose meaning depends on other parameters (ARNs, regions, sourceType). */
  custom?: (request: JsonObject, out: ResourceCollector) => void;
  response?: read.ResponseReader;
}

const CLUSTER: ParamRule = ["cacheClusterId", "cache-cluster", "target"];
const GROUP: ParamRule = ["replicationGroupId", "replication-group", "target"];
const IN_GROUP: ParamRule = ["replicationGroupId", "replication-group", "replication-group"];
const PRIMARY_CLUSTER: ParamRule = ["primaryClusterId", "cache-cluster", "primary"];
const PARAMS: ParamRule = ["cacheParameterGroupName", "parameter-group", "parameter-group"];
const SUBNETS: ParamRule = ["cacheSubnetGroupName", "subnet-group", "subnet-group"];
const SECURITY: ParamRule = ["cacheSecurityGroupNames", "security-group", "security-group"];
const FINAL_SNAPSHOT: ParamRule = ["finalSnapshotIdentifier", "snapshot", "snapshot"];
const RESTORED_FROM: ParamRule = ["snapshotName", "snapshot", "source"];
const DATASTORE: ParamRule = ["globalReplicationGroupId", "global-replication-group", "target"];
const SERVERLESS: ParamRule = ["serverlessCacheName", "serverless-cache", "target"];
const SERVERLESS_SOURCE: ParamRule = ["serverlessCacheName", "serverless-cache", "source"];
const SERVERLESS_SNAPSHOT: ParamRule = ["serverlessCacheSnapshotName", "serverless-cache-snapshot", "target"];
const SNAPSHOT: ParamRule = ["snapshotName", "snapshot", "target"];
const USER_GROUP_USED: ParamRule = ["userGroupId", "user-group", "user-group"];
const USER: ParamRule = ["userId", "user", "target"];
const USER_GROUP: ParamRule = ["userGroupId", "user-group", "target"];
const UPDATE_TARGETS: readonly ParamRule[] = [
  ["replicationGroupIds", "replication-group", "target"],
  ["cacheClusterIds", "cache-cluster", "target"],
];

const clusterWrite: OperationRules = { params: [CLUSTER], response: read.readCacheCluster };
const groupWrite: OperationRules = { params: [GROUP], response: read.readReplicationGroup };
const datastoreWrite: OperationRules = { params: [DATASTORE], response: read.readGlobalReplicationGroup };
const parameterGroup: OperationRules = {
  params: [["cacheParameterGroupName", "parameter-group", "target"]],
  response: read.readNamed("cacheParameterGroup", "cacheParameterGroupName", "parameter-group"),
};
const subnetGroup: OperationRules = {
  params: [["cacheSubnetGroupName", "subnet-group", "target"]],
  response: read.readNamed("cacheSubnetGroup", "cacheSubnetGroupName", "subnet-group"),
};
const securityGroup: OperationRules = {
  params: [["cacheSecurityGroupName", "security-group", "target"]],
  response: read.readNamed("cacheSecurityGroup", "cacheSecurityGroupName", "security-group"),
};
const user: OperationRules = { params: [USER], response: read.readNamed("user", "userId", "user") };
const userGroup: OperationRules = {
  params: [USER_GROUP],
  response: read.readNamed("userGroup", "userGroupId", "user-group"),
};
const serverlessSnapshot: OperationRules = { params: [SERVERLESS_SNAPSHOT], response: read.readServerlessSnapshot };
const reservedNode: OperationRules = {
  params: [["reservedCacheNodeId", "reserved-node", "target"]],
  response: read.readNamed("reservedCacheNode", "reservedCacheNodeId", "reserved-node"),
};

/** Tag operations name their resource only by ARN, which also carries its account and region. */
function taggedResource(request: JsonObject, out: ResourceCollector): void {
  const arn = parseElastiCacheArn(own(request, "resourceName"));
  if (arn) out.add(arn.kind, arn.id, "target", { accountId: arn.accountId, region: arn.region });
}

/** DescribeEvents names its resource by sourceIdentifier, whose kind only sourceType says. */
const KIND_BY_SOURCE_TYPE: Readonly<Record<string, ResourceKind>> = {
  "cache-cluster": "cache-cluster",
  "cache-parameter-group": "parameter-group",
  "cache-security-group": "security-group",
  "cache-subnet-group": "subnet-group",
  "replication-group": "replication-group",
  "serverless-cache": "serverless-cache",
  "serverless-cache-snapshot": "serverless-cache-snapshot",
  user: "user",
  "user-group": "user-group",
};

export const OPERATION_RULES: Readonly<Record<string, OperationRules>> = {
  AddTagsToResource: { custom: taggedResource },
  ListTagsForResource: { custom: taggedResource },
  RemoveTagsFromResource: { custom: taggedResource },

  CreateCacheCluster: { ...clusterWrite, params: [CLUSTER, IN_GROUP, PARAMS, SUBNETS, RESTORED_FROM, SECURITY] },
  DeleteCacheCluster: { ...clusterWrite, params: [CLUSTER, FINAL_SNAPSHOT] },
  DescribeCacheClusters: { params: [CLUSTER] },
  ModifyCacheCluster: { ...clusterWrite, params: [CLUSTER, PARAMS, SECURITY] },
  RebootCacheCluster: clusterWrite,
  ListAllowedNodeTypeModifications: { params: [CLUSTER, GROUP] },

  CreateReplicationGroup: {
    ...groupWrite,
    params: [
      GROUP,
      PRIMARY_CLUSTER,
      PARAMS,
      SUBNETS,
      RESTORED_FROM,
      SECURITY,
      ["globalReplicationGroupId", "global-replication-group", "global-datastore"],
      ["userGroupIds", "user-group", "user-group"],
      ["serverlessCacheSnapshotName", "serverless-cache-snapshot", "source"],
    ],
  },
  // The deleted group's user groups lose it (docs/configuration-history.md, "Cross-resource effects").
  DeleteReplicationGroup: { params: [GROUP, FINAL_SNAPSHOT], response: read.readDeletedReplicationGroup },
  DescribeReplicationGroups: { params: [GROUP] },
  ModifyReplicationGroup: {
    ...groupWrite,
    params: [
      GROUP,
      PRIMARY_CLUSTER,
      PARAMS,
      SECURITY,
      ["snapshottingClusterId", "cache-cluster", "member"],
      ["userGroupIdsToAdd", "user-group", "user-group"],
      ["userGroupIdsToRemove", "user-group", "user-group"],
    ],
  },
  ModifyReplicationGroupShardConfiguration: groupWrite,
  IncreaseReplicaCount: groupWrite,
  DecreaseReplicaCount: { ...groupWrite, params: [GROUP, ["replicasToRemove", "cache-cluster", "member"]] },
  TestFailover: groupWrite,
  StartMigration: groupWrite,
  TestMigration: groupWrite,
  CompleteMigration: groupWrite,

  // The request holds only globalReplicationGroupIdSuffix; the real id comes from the response.
  CreateGlobalReplicationGroup: {
    ...datastoreWrite,
    params: [["primaryReplicationGroupId", "replication-group", "primary"]],
  },
  DeleteGlobalReplicationGroup: datastoreWrite,
  DescribeGlobalReplicationGroups: { params: [DATASTORE] },
  ModifyGlobalReplicationGroup: datastoreWrite,
  DisassociateGlobalReplicationGroup: {
    ...datastoreWrite,
    custom: (request, out) =>
      out.add("replication-group", own(request, "replicationGroupId"), "member", {
        region: ownString(request, "replicationGroupRegion"),
      }),
  },
  FailoverGlobalReplicationGroup: {
    ...datastoreWrite,
    custom: (request, out) =>
      out.add("replication-group", own(request, "primaryReplicationGroupId"), "primary", {
        region: ownString(request, "primaryRegion"),
      }),
  },
  IncreaseNodeGroupsInGlobalReplicationGroup: datastoreWrite,
  DecreaseNodeGroupsInGlobalReplicationGroup: datastoreWrite,
  RebalanceSlotsInGlobalReplicationGroup: datastoreWrite,

  CreateServerlessCache: {
    params: [SERVERLESS, USER_GROUP_USED],
    custom: (request, out) => {
      const arns = own(request, "snapshotArnsToRestore");
      for (const value of Array.isArray(arns) ? arns.slice(0, 100) : []) {
        const arn = parseElastiCacheArn(value);
        if (arn) out.add(arn.kind, arn.id, "source", { accountId: arn.accountId, region: arn.region });
      }
    },
    response: read.readServerlessCache,
  },
  DeleteServerlessCache: {
    params: [SERVERLESS, ["finalSnapshotName", "serverless-cache-snapshot", "snapshot"]],
    response: read.readServerlessCache,
  },
  DescribeServerlessCaches: { params: [SERVERLESS] },
  ModifyServerlessCache: { params: [SERVERLESS, USER_GROUP_USED], response: read.readServerlessCache },
  CreateServerlessCacheSnapshot: { ...serverlessSnapshot, params: [SERVERLESS_SNAPSHOT, SERVERLESS_SOURCE] },
  CopyServerlessCacheSnapshot: {
    ...serverlessSnapshot,
    params: [
      ["sourceServerlessCacheSnapshotName", "serverless-cache-snapshot", "source"],
      ["targetServerlessCacheSnapshotName", "serverless-cache-snapshot", "target"],
    ],
  },
  DeleteServerlessCacheSnapshot: serverlessSnapshot,
  DescribeServerlessCacheSnapshots: { params: [SERVERLESS_SNAPSHOT, SERVERLESS_SOURCE] },
  ExportServerlessCacheSnapshot: serverlessSnapshot,

  CreateSnapshot: {
    params: [
      SNAPSHOT,
      ["replicationGroupId", "replication-group", "source"],
      ["cacheClusterId", "cache-cluster", "source"],
    ],
    response: read.readSnapshot,
  },
  CopySnapshot: {
    // With targetBucket the "copy" is an export to S3: targetSnapshotName is then an S3 object
    // name, not a snapshot, and the source snapshot is what the event is about.
    custom: (request, out) => {
      const toS3 = ownString(request, "targetBucket") !== undefined;
      out.add("snapshot", own(request, "sourceSnapshotName"), toS3 ? "target" : "source");
      if (!toS3) out.add("snapshot", own(request, "targetSnapshotName"), "target");
    },
    response: read.readSnapshot,
  },
  DeleteSnapshot: { params: [SNAPSHOT], response: read.readSnapshot },
  DescribeSnapshots: {
    params: [
      SNAPSHOT,
      ["replicationGroupId", "replication-group", "source"],
      ["cacheClusterId", "cache-cluster", "source"],
    ],
  },

  CreateCacheParameterGroup: parameterGroup,
  DeleteCacheParameterGroup: parameterGroup,
  ModifyCacheParameterGroup: parameterGroup,
  ResetCacheParameterGroup: parameterGroup,
  DescribeCacheParameterGroups: parameterGroup,
  DescribeCacheParameters: parameterGroup,
  DescribeEngineDefaultParameters: {},
  DescribeCacheEngineVersions: {},

  CreateCacheSubnetGroup: subnetGroup,
  ModifyCacheSubnetGroup: subnetGroup,
  DeleteCacheSubnetGroup: subnetGroup,
  DescribeCacheSubnetGroups: subnetGroup,

  CreateCacheSecurityGroup: securityGroup,
  DeleteCacheSecurityGroup: securityGroup,
  AuthorizeCacheSecurityGroupIngress: securityGroup,
  RevokeCacheSecurityGroupIngress: securityGroup,
  DescribeCacheSecurityGroups: securityGroup,

  CreateUser: user,
  ModifyUser: user,
  DeleteUser: user,
  DescribeUsers: user,
  CreateUserGroup: { ...userGroup, params: [USER_GROUP, ["userIds", "user", "user"]] },
  ModifyUserGroup: {
    ...userGroup,
    params: [USER_GROUP, ["userIdsToAdd", "user", "user"], ["userIdsToRemove", "user", "user"]],
  },
  // Its users leave it: the response lists them as they were.
  DeleteUserGroup: { ...userGroup, response: read.readDeletedUserGroup },
  DescribeUserGroups: userGroup,

  PurchaseReservedCacheNodesOffering: reservedNode,
  DescribeReservedCacheNodes: reservedNode,
  DescribeReservedCacheNodesOfferings: {},

  BatchApplyUpdateAction: { params: UPDATE_TARGETS },
  BatchStopUpdateAction: { params: UPDATE_TARGETS },
  DescribeServiceUpdates: {},
  DescribeUpdateActions: { params: UPDATE_TARGETS },

  DescribeEvents: {
    custom: (request, out) => {
      const sourceType = own(request, "sourceType");
      if (typeof sourceType !== "string" || !Object.hasOwn(KIND_BY_SOURCE_TYPE, sourceType)) return;
      const kind = KIND_BY_SOURCE_TYPE[sourceType];
      if (kind) out.add(kind, own(request, "sourceIdentifier"), "target");
    },
  },
};
