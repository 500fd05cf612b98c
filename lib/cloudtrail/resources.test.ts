import { describe, expect, it } from "vitest";
import { ELASTICACHE_OPERATIONS } from "../elasticache/operations";
import { OPERATION_RULES } from "./resource-rules";
import { MAX_RESOURCES, extractResources, parseElastiCacheArn } from "./resources";
import type { ResourceRef } from "./types";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";

const extract = (eventName: string, request: unknown, response: unknown = null) =>
  extractResources(eventName, request, response, ACCOUNT, REGION);

/** Compact "kind:id@role" strings, in the order returned. */
const brief = (refs: ResourceRef[]) => refs.map((r) => `${r.kind}:${r.id}@${r.role}`);

describe("the rules table", () => {
  it("has an entry for every ElastiCache operation and no other", () => {
    expect(Object.keys(OPERATION_RULES).sort()).toEqual(Object.keys(ELASTICACHE_OPERATIONS).sort());
  });
});

describe("tags: resources named by ARN", () => {
  it.each<[string, string, string, string]>([
    ["arn:aws:elasticache:eu-west-1:111122223333:cluster:my-cluster", "cache-cluster", "my-cluster", "eu-west-1"],
    ["arn:aws:elasticache:us-east-1:111122223333:replicationgroup:rg-1", "replication-group", "rg-1", "us-east-1"],
    ["arn:aws:elasticache:us-east-1:111122223333:parametergroup:pg", "parameter-group", "pg", "us-east-1"],
    ["arn:aws:elasticache:us-east-1:111122223333:securitygroup:sg", "security-group", "sg", "us-east-1"],
    ["arn:aws:elasticache:us-east-1:111122223333:subnetgroup:sn", "subnet-group", "sn", "us-east-1"],
    ["arn:aws:elasticache:us-east-1:111122223333:snapshot:snap", "snapshot", "snap", "us-east-1"],
    ["arn:aws:elasticache:us-east-1:111122223333:serverlesscache:sc", "serverless-cache", "sc", "us-east-1"],
    [
      "arn:aws:elasticache:us-east-1:111122223333:serverlesscachesnapshot:scs",
      "serverless-cache-snapshot",
      "scs",
      "us-east-1",
    ],
    ["arn:aws:elasticache:us-east-1:111122223333:user:u1", "user", "u1", "us-east-1"],
    ["arn:aws:elasticache:us-east-1:111122223333:usergroup:ug1", "user-group", "ug1", "us-east-1"],
    ["arn:aws:elasticache:us-east-1:111122223333:reserved-instance:ri-1", "reserved-node", "ri-1", "us-east-1"],
    ["arn:aws-cn:elasticache:cn-north-1:111122223333:cluster:c", "cache-cluster", "c", "cn-north-1"],
    [
      "arn:aws:elasticache::111122223333:globalreplicationgroup:ldgnf-global",
      "global-replication-group",
      "ldgnf-global",
      "",
    ],
  ])("%s", (arn, kind, id, region) => {
    for (const op of ["AddTagsToResource", "ListTagsForResource", "RemoveTagsFromResource"]) {
      expect(extract(op, { resourceName: arn, tags: [{ key: "k", value: "v" }] })).toEqual([
        { kind, id, role: "target", accountId: "111122223333", region },
      ]);
    }
  });

  it.each([
    "arn:aws:s3:::bucket",
    "arn:aws:elasticache:us-east-1:1:unknowntype:x",
    "arn:aws:elasticache:us-east-1:1:cluster:",
    "my-cluster",
    "arn:evil partition:elasticache:r:1:cluster:x",
  ])("ignores %s", (arn) => {
    expect(extract("AddTagsToResource", { resourceName: arn })).toEqual([]);
  });

  it("an ARN without account falls back to the event's account", () => {
    expect(parseElastiCacheArn("arn:aws:elasticache:us-east-1::cluster:c")).toEqual({
      kind: "cache-cluster",
      id: "c",
      accountId: "",
      region: "us-east-1",
    });
    expect(
      extract("AddTagsToResource", { resourceName: "arn:aws:elasticache:us-east-1::cluster:c" })[0]?.accountId,
    ).toBe(ACCOUNT);
  });
});

describe("cache clusters", () => {
  it("create: cluster, the group it joins, parameter/subnet/security groups, restore source", () => {
    const refs = extract("CreateCacheCluster", {
      cacheClusterId: "My-Cluster",
      replicationGroupId: "rg-1",
      cacheParameterGroupName: "pg-1",
      cacheSubnetGroupName: "sn-1",
      cacheSecurityGroupNames: ["default", "sg-2"],
      snapshotName: "snap-1",
      securityGroupIds: ["sg-0123abcd"],
    });
    expect(brief(refs)).toEqual([
      "cache-cluster:my-cluster@target", // stored lowercase, as ElastiCache does
      "replication-group:rg-1@replication-group",
      "parameter-group:pg-1@parameter-group",
      "subnet-group:sn-1@subnet-group",
      "snapshot:snap-1@source",
      "security-group:default@security-group",
      "security-group:sg-2@security-group",
    ]);
    expect(refs.every((r) => r.accountId === ACCOUNT && r.region === REGION)).toBe(true);
  });

  it("wrapped response: the cluster, its parameter group and its replication group", () => {
    const refs = extract(
      "ModifyCacheCluster",
      { cacheClusterId: "c1" },
      {
        cacheCluster: {
          cacheClusterId: "c1",
          cacheParameterGroup: { cacheParameterGroupName: "pg" },
          replicationGroupId: "rg",
        },
      },
    );
    expect(brief(refs)).toEqual([
      "cache-cluster:c1@target",
      "parameter-group:pg@parameter-group",
      "replication-group:rg@replication-group",
    ]);
  });

  it("delete: the final snapshot; reboot/describe/list: the cluster", () => {
    expect(brief(extract("DeleteCacheCluster", { cacheClusterId: "c1", finalSnapshotIdentifier: "last" }))).toEqual([
      "cache-cluster:c1@target",
      "snapshot:last@snapshot",
    ]);
    expect(brief(extract("RebootCacheCluster", { cacheClusterId: "c1", cacheNodeIdsToReboot: ["0001"] }))).toEqual([
      "cache-cluster:c1@target",
    ]);
    expect(brief(extract("DescribeCacheClusters", { cacheClusterId: "c1" }))).toEqual(["cache-cluster:c1@target"]);
    expect(brief(extract("ListAllowedNodeTypeModifications", { replicationGroupId: "rg" }))).toEqual([
      "replication-group:rg@target",
    ]);
  });

  it("a describe's response is not read", () => {
    expect(extract("DescribeCacheClusters", {}, { cacheClusterId: "listed" })).toEqual([]);
  });
});

describe("replication groups", () => {
  it("create: members generated by ElastiCache come from the response", () => {
    const refs = extract(
      "CreateReplicationGroup",
      {
        replicationGroupId: "rg-1",
        primaryClusterId: "rg-1-001",
        globalReplicationGroupId: "ldgnf-global",
        userGroupIds: ["ug-a", "ug-b"],
        cacheParameterGroupName: "pg",
        cacheSubnetGroupName: "sn",
        serverlessCacheSnapshotName: "sls-snap",
        kmsKeyId: "arn:aws:kms:us-east-1:1:key/x",
      },
      {
        replicationGroup: {
          replicationGroupId: "rg-1",
          memberClusters: ["rg-1-001", "rg-1-002"],
          nodeGroups: [
            { nodeGroupId: "0001", nodeGroupMembers: [{ cacheClusterId: "rg-1-002" }, { cacheClusterId: "rg-1-003" }] },
          ],
          globalReplicationGroupInfo: {
            globalReplicationGroupId: "ldgnf-global",
            globalReplicationGroupMemberRole: "SECONDARY",
          },
        },
      },
    );
    expect(brief(refs)).toEqual([
      "replication-group:rg-1@target",
      "cache-cluster:rg-1-001@primary",
      "parameter-group:pg@parameter-group",
      "subnet-group:sn@subnet-group",
      "global-replication-group:ldgnf-global@global-datastore",
      "user-group:ug-a@user-group",
      "user-group:ug-b@user-group",
      "serverless-cache-snapshot:sls-snap@source",
      "cache-cluster:rg-1-002@member",
      "cache-cluster:rg-1-003@member",
    ]);
    expect(refs.find((r) => r.kind === "global-replication-group")?.region).toBe("");
  });

  it("flat response shape works too", () => {
    expect(
      brief(
        extract(
          "IncreaseReplicaCount",
          { replicationGroupId: "rg" },
          { replicationGroupId: "rg", memberClusters: ["rg-004"] },
        ),
      ),
    ).toEqual(["replication-group:rg@target", "cache-cluster:rg-004@member"]);
  });

  it("modify: user groups added and removed, primary, parameter group", () => {
    const refs = extract("ModifyReplicationGroup", {
      replicationGroupId: "rg",
      primaryClusterId: "rg-002",
      cacheParameterGroupName: "pg2",
      userGroupIdsToAdd: ["new"],
      userGroupIdsToRemove: ["old"],
    });
    expect(brief(refs)).toEqual([
      "replication-group:rg@target",
      "cache-cluster:rg-002@primary",
      "parameter-group:pg2@parameter-group",
      "user-group:new@user-group",
      "user-group:old@user-group",
    ]);
  });

  it.each([
    "ModifyReplicationGroupShardConfiguration",
    "TestFailover",
    "StartMigration",
    "TestMigration",
    "CompleteMigration",
    "DescribeReplicationGroups",
  ])("%s names the group", (op) =>
    expect(brief(extract(op, { replicationGroupId: "rg", nodeGroupId: "0001" }))).toEqual([
      "replication-group:rg@target",
    ]),
  );

  it("decrease replica count names the removed replicas; delete the final snapshot", () => {
    expect(brief(extract("DecreaseReplicaCount", { replicationGroupId: "rg", replicasToRemove: ["rg-003"] }))).toEqual([
      "replication-group:rg@target",
      "cache-cluster:rg-003@member",
    ]);
    expect(
      brief(extract("DeleteReplicationGroup", { replicationGroupId: "rg", finalSnapshotIdentifier: "bye" })),
    ).toEqual(["replication-group:rg@target", "snapshot:bye@snapshot"]);
  });
});

describe("defensive extraction", () => {
  it("unknown operations and absent parameters give nothing", () => {
    expect(extract("CreateBucket", { bucketName: "b" })).toEqual([]);
    expect(extract("toString", {})).toEqual([]);
    expect(extract("CreateCacheCluster", null, null)).toEqual([]);
    expect(extract("CreateCacheCluster", "junk", [1, 2])).toEqual([]);
  });

  it("wrong types are skipped, not thrown on", () => {
    expect(
      extract(
        "CreateReplicationGroup",
        { replicationGroupId: 7, userGroupIds: "single-id", cacheParameterGroupName: { a: 1 } },
        {
          replicationGroup: {
            memberClusters: { 0: "not-a-list" },
            nodeGroups: [null, 1, { nodeGroupMembers: "x" }],
            globalReplicationGroupInfo: [],
          },
        },
      ).map((r) => r.id),
    ).toEqual(["single-id"]);
  });

  it("ids over 255 characters or with control characters are ignored", () => {
    expect(extract("DeleteUser", { userId: "u".repeat(256) })).toEqual([]);
    expect(extract("DeleteUser", { userId: "u".repeat(255) })).toHaveLength(1);
    expect(extract("DeleteUser", { userId: "a\u0000b" })).toEqual([]);
  });

  it("caps huge lists", () => {
    const ids = Array.from({ length: 50_000 }, (_, i) => `c${i}`);
    const refs = extract("BatchApplyUpdateAction", { cacheClusterIds: ids, replicationGroupIds: ids });
    expect(refs.length).toBe(MAX_RESOURCES);
  });

  it("deduplicates, keeping one entry per resource with the most telling role", () => {
    const refs = extract("ModifyCacheCluster", { cacheClusterId: "C1" }, { cacheClusterId: "c1" });
    expect(brief(refs)).toEqual(["cache-cluster:c1@target"]);
    expect(brief(extract("BatchApplyUpdateAction", { cacheClusterIds: ["a", "a", "A"] }))).toEqual([
      "cache-cluster:a@target",
    ]);
  });

  it("own properties only: an inherited or __proto__ value names nothing", () => {
    const request = JSON.parse('{"__proto__":{"userId":"evil"}}') as unknown;
    expect(extract("DeleteUser", request)).toEqual([]);
    expect(extract("DeleteUser", Object.create({ userId: "inherited" }))).toEqual([]);
  });

  it("keeps HTML in ids as plain data", () => {
    expect(extract("DeleteUser", { userId: '"><img src=x onerror=alert(1)>' })[0]?.id).toBe(
      '"><img src=x onerror=alert(1)>',
    );
  });
});
