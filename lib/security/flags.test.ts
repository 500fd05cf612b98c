import { describe, expect, it } from "vitest";
import { securityFlags, type FlaggedCall } from "./flags";

const call = (eventName: string, more: Partial<FlaggedCall> = {}): FlaggedCall => ({
  eventName,
  userAgentFamily: "aws-cli",
  mfaAuthenticated: null,
  actorType: "IAMUser",
  requestParameters: {},
  ...more,
});

describe("security flags", () => {
  it("flags deletions, failovers, user and network calls by name", () => {
    expect(securityFlags(call("DeleteCacheCluster"))).toEqual(["destructive"]);
    expect(securityFlags(call("DeleteUserGroup"))).toEqual(["destructive", "users"]);
    expect(securityFlags(call("DeleteCacheSubnetGroup"))).toEqual(["destructive", "network"]);
    expect(securityFlags(call("TestFailover"))).toEqual(["failover"]);
    expect(securityFlags(call("FailoverGlobalReplicationGroup"))).toEqual(["failover"]);
    expect(securityFlags(call("CreateUser"))).toEqual(["users"]);
    expect(securityFlags(call("ModifyUserGroup"))).toEqual(["users"]);
    expect(securityFlags(call("AuthorizeCacheSecurityGroupIngress"))).toEqual(["network"]);
    expect(securityFlags(call("CreateCacheSubnetGroup"))).toEqual(["network"]);
  });

  it("flags a Modify* call by the settings it changes, and only a Modify* call", () => {
    const rotate = { replicationGroupId: "orders", authToken: "***MASKED***", authTokenUpdateStrategy: "ROTATE" };
    expect(securityFlags(call("ModifyReplicationGroup", { requestParameters: rotate }))).toEqual(["auth"]);
    expect(
      securityFlags(
        call("ModifyReplicationGroup", {
          requestParameters: { transitEncryptionEnabled: true, transitEncryptionMode: "preferred", authToken: "x" },
        }),
      ),
    ).toEqual(["auth", "encryption"]);
    expect(securityFlags(call("ModifyCacheCluster", { requestParameters: { securityGroupIds: ["sg-1"] } }))).toEqual([
      "network",
    ]);
    expect(securityFlags(call("ModifyReplicationGroup", { requestParameters: { userGroupIdsToAdd: ["g"] } }))).toEqual([
      "users",
    ]);
    expect(securityFlags(call("ModifyCacheCluster", { requestParameters: { numCacheNodes: 3 } }))).toEqual([]);
    expect(securityFlags(call("CreateReplicationGroup", { requestParameters: { authToken: "x" } }))).toEqual([]);
    expect(securityFlags(call("ModifyReplicationGroup", { requestParameters: null }))).toEqual([]);
  });

  it("flags the root user and console calls without MFA", () => {
    expect(securityFlags(call("DescribeCacheClusters", { actorType: "Root" }))).toEqual(["root"]);
    expect(securityFlags(call("DescribeCacheClusters", { userAgentFamily: "console" }))).toEqual(["console-no-mfa"]);
    expect(
      securityFlags(call("DescribeCacheClusters", { userAgentFamily: "console", mfaAuthenticated: false })),
    ).toEqual(["console-no-mfa"]);
    expect(
      securityFlags(call("DescribeCacheClusters", { userAgentFamily: "console", mfaAuthenticated: true })),
    ).toEqual([]);
    expect(securityFlags(call("DeleteSnapshot", { actorType: "Root", userAgentFamily: "console" }))).toEqual([
      "destructive",
      "root",
      "console-no-mfa",
    ]);
  });
});
