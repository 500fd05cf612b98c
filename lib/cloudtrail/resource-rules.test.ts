// Resource extraction for the operation families not covered in resources.test.ts.
import { describe, expect, it } from "vitest";
import { extractResources } from "./resources";
import type { ResourceRef } from "./types";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";

const extract = (eventName: string, request: unknown, response: unknown = null) =>
  extractResources(eventName, request, response, ACCOUNT, REGION);

/** Compact "kind:id@role" strings, in the order returned. */
const brief = (refs: ResourceRef[]) => refs.map((r) => `${r.kind}:${r.id}@${r.role}`);

describe("global datastores", () => {
  it("create: the full id exists only in the response; members carry their regions", () => {
    const refs = extract(
      "CreateGlobalReplicationGroup",
      { globalReplicationGroupIdSuffix: "my-global", primaryReplicationGroupId: "rg-primary" },
      {
        globalReplicationGroup: {
          globalReplicationGroupId: "ldgnf-my-global",
          members: [
            { replicationGroupId: "rg-primary", replicationGroupRegion: REGION, role: "PRIMARY" },
            { replicationGroupId: "rg-secondary", replicationGroupRegion: "eu-west-1", role: "SECONDARY" },
          ],
        },
      },
    );
    expect(refs).toEqual([
      { kind: "global-replication-group", id: "ldgnf-my-global", role: "target", accountId: ACCOUNT, region: "" },
      { kind: "replication-group", id: "rg-primary", role: "primary", accountId: ACCOUNT, region: REGION },
      { kind: "replication-group", id: "rg-secondary", role: "member", accountId: ACCOUNT, region: "eu-west-1" },
    ]);
    expect(refs.some((r) => r.id === "my-global")).toBe(false);
  });

  it("disassociate and failover name the replication group in its own region", () => {
    expect(
      extract("DisassociateGlobalReplicationGroup", {
        globalReplicationGroupId: "g",
        replicationGroupId: "rg",
        replicationGroupRegion: "ap-south-1",
      }),
    ).toEqual([
      { kind: "global-replication-group", id: "g", role: "target", accountId: ACCOUNT, region: "" },
      { kind: "replication-group", id: "rg", role: "member", accountId: ACCOUNT, region: "ap-south-1" },
    ]);
    expect(
      brief(
        extract("FailoverGlobalReplicationGroup", {
          globalReplicationGroupId: "g",
          primaryRegion: "eu-west-1",
          primaryReplicationGroupId: "rg2",
        }),
      ),
    ).toEqual(["global-replication-group:g@target", "replication-group:rg2@primary"]);
  });

  it.each([
    "DeleteGlobalReplicationGroup",
    "DescribeGlobalReplicationGroups",
    "ModifyGlobalReplicationGroup",
    "IncreaseNodeGroupsInGlobalReplicationGroup",
    "DecreaseNodeGroupsInGlobalReplicationGroup",
    "RebalanceSlotsInGlobalReplicationGroup",
  ])("%s names the datastore with an empty region", (op) => {
    expect(extract(op, { globalReplicationGroupId: "ldgnf-g" })).toEqual([
      { kind: "global-replication-group", id: "ldgnf-g", role: "target", accountId: ACCOUNT, region: "" },
    ]);
  });
});

describe("serverless caches", () => {
  it("create: wrapped response, user group, restore from snapshot ARNs", () => {
    const refs = extract(
      "CreateServerlessCache",
      {
        serverlessCacheName: "sc",
        userGroupId: "ug",
        snapshotArnsToRestore: ["arn:aws:elasticache:us-west-2:1:serverlesscachesnapshot:s1"],
      },
      { serverlessCache: { serverlessCacheName: "sc", status: "creating" } },
    );
    expect(brief(refs)).toEqual([
      "serverless-cache:sc@target",
      "user-group:ug@user-group",
      "serverless-cache-snapshot:s1@source",
    ]);
    expect(refs[2]).toMatchObject({ accountId: "1", region: "us-west-2" });
  });

  it("the cache name may be only in the response", () => {
    expect(brief(extract("ModifyServerlessCache", {}, { serverlessCache: { serverlessCacheName: "sc" } }))).toEqual([
      "serverless-cache:sc@target",
    ]);
  });

  it("delete: the final snapshot", () => {
    expect(brief(extract("DeleteServerlessCache", { serverlessCacheName: "sc", finalSnapshotName: "fin" }))).toEqual([
      "serverless-cache:sc@target",
      "serverless-cache-snapshot:fin@snapshot",
    ]);
  });

  it("snapshots: create from a cache, copy source → target, export, describe", () => {
    expect(
      brief(extract("CreateServerlessCacheSnapshot", { serverlessCacheSnapshotName: "s", serverlessCacheName: "sc" })),
    ).toEqual(["serverless-cache-snapshot:s@target", "serverless-cache:sc@source"]);
    expect(
      brief(
        extract("CopyServerlessCacheSnapshot", {
          sourceServerlessCacheSnapshotName: "a",
          targetServerlessCacheSnapshotName: "b",
        }),
      ),
    ).toEqual(["serverless-cache-snapshot:b@target", "serverless-cache-snapshot:a@source"]);
    expect(
      brief(extract("ExportServerlessCacheSnapshot", { serverlessCacheSnapshotName: "s", s3BucketName: "bucket" })),
    ).toEqual(["serverless-cache-snapshot:s@target"]);
    expect(
      brief(
        extract(
          "DeleteServerlessCacheSnapshot",
          {},
          {
            serverlessCacheSnapshot: {
              serverlessCacheSnapshotName: "s",
              serverlessCacheConfiguration: { serverlessCacheName: "sc" },
            },
          },
        ),
      ),
    ).toEqual(["serverless-cache-snapshot:s@target", "serverless-cache:sc@source"]);
    expect(brief(extract("DescribeServerlessCacheSnapshots", { serverlessCacheName: "sc" }))).toEqual([
      "serverless-cache:sc@source",
    ]);
    expect(brief(extract("DescribeServerlessCaches", { serverlessCacheName: "sc" }))).toEqual([
      "serverless-cache:sc@target",
    ]);
  });
});

describe("snapshots", () => {
  it("create names its source cluster or group", () => {
    expect(brief(extract("CreateSnapshot", { snapshotName: "s", replicationGroupId: "rg" }))).toEqual([
      "snapshot:s@target",
      "replication-group:rg@source",
    ]);
    expect(
      brief(
        extract("CreateSnapshot", { snapshotName: "s" }, { snapshot: { snapshotName: "s", cacheClusterId: "c1" } }),
      ),
    ).toEqual(["snapshot:s@target", "cache-cluster:c1@source"]);
  });

  it("copy: the new snapshot is the target, the original the source", () => {
    expect(brief(extract("CopySnapshot", { sourceSnapshotName: "orig", targetSnapshotName: "copy" }))).toEqual([
      "snapshot:copy@target",
      "snapshot:orig@source",
    ]);
  });

  it("copy to S3: the target name is an object key, so the source is the target", () => {
    expect(
      brief(
        extract("CopySnapshot", {
          sourceSnapshotName: "orig",
          targetSnapshotName: "export.rdb",
          targetBucket: "my-bucket",
        }),
      ),
    ).toEqual(["snapshot:orig@target"]);
  });

  it("delete and describe", () => {
    expect(brief(extract("DeleteSnapshot", { snapshotName: "s" }))).toEqual(["snapshot:s@target"]);
    expect(brief(extract("DescribeSnapshots", { cacheClusterId: "c1" }))).toEqual(["cache-cluster:c1@source"]);
  });
});

describe("parameter, subnet and security groups", () => {
  it.each([
    "CreateCacheParameterGroup",
    "DeleteCacheParameterGroup",
    "ModifyCacheParameterGroup",
    "ResetCacheParameterGroup",
    "DescribeCacheParameterGroups",
    "DescribeCacheParameters",
  ])("%s names the parameter group", (op) =>
    expect(brief(extract(op, { cacheParameterGroupName: "pg", cacheParameterGroupFamily: "redis7" }))).toEqual([
      "parameter-group:pg@target",
    ]),
  );

  it("the family is not a resource", () => {
    expect(extract("DescribeEngineDefaultParameters", { cacheParameterGroupFamily: "redis7" })).toEqual([]);
    expect(extract("DescribeCacheEngineVersions", { cacheParameterGroupFamily: "redis7" })).toEqual([]);
  });

  it("the created group's name from a wrapped response", () => {
    expect(
      brief(extract("CreateCacheParameterGroup", {}, { cacheParameterGroup: { cacheParameterGroupName: "pg" } })),
    ).toEqual(["parameter-group:pg@target"]);
    expect(brief(extract("ModifyCacheParameterGroup", {}, { cacheParameterGroupName: "pg" }))).toEqual([
      "parameter-group:pg@target",
    ]);
  });

  it.each(["CreateCacheSubnetGroup", "ModifyCacheSubnetGroup", "DeleteCacheSubnetGroup", "DescribeCacheSubnetGroups"])(
    "%s names the subnet group",
    (op) =>
      expect(brief(extract(op, { cacheSubnetGroupName: "SN", subnetIds: ["subnet-1"] }))).toEqual([
        "subnet-group:sn@target",
      ]),
  );

  it.each([
    "CreateCacheSecurityGroup",
    "DeleteCacheSecurityGroup",
    "AuthorizeCacheSecurityGroupIngress",
    "RevokeCacheSecurityGroupIngress",
    "DescribeCacheSecurityGroups",
  ])("%s names the security group", (op) =>
    expect(brief(extract(op, { cacheSecurityGroupName: "legacy", eC2SecurityGroupName: "web" }))).toEqual([
      "security-group:legacy@target",
    ]),
  );
});

describe("users and user groups", () => {
  it.each(["CreateUser", "ModifyUser", "DeleteUser", "DescribeUsers"])("%s names the user", (op) =>
    expect(brief(extract(op, { userId: "alice", userName: "alice", passwords: ["x"] }))).toEqual(["user:alice@target"]),
  );

  it("create/modify user group: the member lists", () => {
    expect(
      brief(extract("CreateUserGroup", { userGroupId: "ug", engine: "redis", userIds: ["default", "alice"] })),
    ).toEqual(["user-group:ug@target", "user:default@user", "user:alice@user"]);
    expect(
      brief(extract("ModifyUserGroup", { userGroupId: "ug", userIdsToAdd: ["bob"], userIdsToRemove: ["alice"] })),
    ).toEqual(["user-group:ug@target", "user:bob@user", "user:alice@user"]);
    expect(brief(extract("DeleteUserGroup", { userGroupId: "ug" }))).toEqual(["user-group:ug@target"]);
  });
});

describe("reserved nodes, service updates, events", () => {
  it("purchase: the generated node id is only in the response", () => {
    expect(
      brief(
        extract(
          "PurchaseReservedCacheNodesOffering",
          { reservedCacheNodesOfferingId: "offer-1" },
          { reservedCacheNode: { reservedCacheNodeId: "ri-2024" } },
        ),
      ),
    ).toEqual(["reserved-node:ri-2024@target"]);
    expect(
      brief(
        extract("PurchaseReservedCacheNodesOffering", {
          reservedCacheNodesOfferingId: "o",
          reservedCacheNodeId: "mine",
        }),
      ),
    ).toEqual(["reserved-node:mine@target"]);
    expect(extract("DescribeReservedCacheNodesOfferings", { reservedCacheNodesOfferingId: "o" })).toEqual([]);
  });

  it.each(["BatchApplyUpdateAction", "BatchStopUpdateAction", "DescribeUpdateActions"])(
    "%s targets every listed group and cluster",
    (op) => {
      expect(
        brief(
          extract(op, {
            serviceUpdateName: "elasticache-20240101-001",
            replicationGroupIds: ["rg1", "rg2"],
            cacheClusterIds: ["c1"],
          }),
        ),
      ).toEqual(["replication-group:rg1@target", "replication-group:rg2@target", "cache-cluster:c1@target"]);
    },
  );

  it("describe events: the kind comes from sourceType", () => {
    expect(brief(extract("DescribeEvents", { sourceIdentifier: "pg", sourceType: "cache-parameter-group" }))).toEqual([
      "parameter-group:pg@target",
    ]);
    expect(brief(extract("DescribeEvents", { sourceIdentifier: "ug", sourceType: "user-group" }))).toEqual([
      "user-group:ug@target",
    ]);
    expect(extract("DescribeEvents", { sourceIdentifier: "x" })).toEqual([]);
    expect(extract("DescribeEvents", { sourceIdentifier: "x", sourceType: "toString" })).toEqual([]);
  });
});
