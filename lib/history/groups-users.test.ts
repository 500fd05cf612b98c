import { describe, expect, it } from "vitest";
import { configurationValues } from "./configuration";
import { describeChange } from "./describe-change";
import { reconstructHistory } from "./reconstruct";
import { ev } from "@/tests/fixtures/history-events";
import type { FieldChange, HistoryStep } from "./types";

const change = (step: HistoryStep | undefined, field: string): FieldChange | undefined =>
  step?.changes.find((c) => c.field === field);

describe("parameter groups", () => {
  const PG = "sessions-params";
  const create = ev(
    "CreateCacheParameterGroup",
    "2024-02-01T10:00:00Z",
    { cacheParameterGroupName: PG, cacheParameterGroupFamily: "redis7", description: "sessions tuning" },
    {
      cacheParameterGroupName: PG,
      cacheParameterGroupFamily: "redis7",
      description: "sessions tuning",
      isGlobal: false,
    },
  );
  const modify = ev(
    "ModifyCacheParameterGroup",
    "2024-02-02T10:00:00Z",
    {
      cacheParameterGroupName: PG,
      parameterNameValues: [
        { parameterName: "maxmemory-policy", parameterValue: "allkeys-lru" },
        { parameterName: "timeout", parameterValue: "300" },
      ],
    },
    { cacheParameterGroupName: PG },
  );

  it("turns parameterNameValues into parameters.<name> changes, applied", () => {
    const h = reconstructHistory("parameter-group", PG, [modify, create]);
    expect(configurationValues(h.steps[0]!.configAfter)).toEqual({
      family: "redis7",
      description: "sessions tuning",
      isGlobal: false,
    });
    expect(h.steps[1]?.changes).toEqual([
      { field: "parameters.maxmemory-policy", from: undefined, to: "allkeys-lru", status: "applied" },
      { field: "parameters.timeout", from: undefined, to: "300", status: "applied" },
    ]);
    expect(describeChange(h.steps[1]!.changes[0]!)).toBe("parameters.maxmemory-policy set to allkeys-lru");
  });

  it("resets listed parameters, then all known parameters, to default", () => {
    const resetOne = ev(
      "ResetCacheParameterGroup",
      "2024-02-03T10:00:00Z",
      { cacheParameterGroupName: PG, parameterNameValues: [{ parameterName: "timeout" }] },
      { cacheParameterGroupName: PG },
    );
    const change2 = ev(
      "ModifyCacheParameterGroup",
      "2024-02-04T10:00:00Z",
      { cacheParameterGroupName: PG, parameterNameValues: [{ parameterName: "timeout", parameterValue: "60" }] },
      { cacheParameterGroupName: PG },
    );
    const resetAll = ev(
      "ResetCacheParameterGroup",
      "2024-02-05T10:00:00Z",
      { cacheParameterGroupName: PG, resetAllParameters: true },
      { cacheParameterGroupName: PG },
    );
    const h = reconstructHistory("parameter-group", PG, [create, modify, resetOne, change2, resetAll]);
    expect(h.steps[2]?.category).toBe("modify");
    expect(h.steps[2]?.changes).toEqual([
      { field: "parameters.timeout", from: "300", to: "default", status: "applied" },
    ]);
    expect(h.steps[4]?.changes.map(describeChange)).toEqual([
      "parameters.maxmemory-policy allkeys-lru → default",
      "parameters.timeout 60 → default",
    ]);
  });

  it("says all parameters were reset when none were known", () => {
    const resetAll = ev(
      "ResetCacheParameterGroup",
      "2024-02-05T10:00:00Z",
      { cacheParameterGroupName: PG, resetAllParameters: true },
      { cacheParameterGroupName: PG },
    );
    const h = reconstructHistory("parameter-group", PG, [resetAll]);
    expect(h.steps[0]?.changes).toEqual([
      { field: "parameters.*", from: null, to: "default", status: "applied", note: "all parameters reset" },
    ]);
  });

  it("does not change the group when a cluster starts using it", () => {
    const use = ev(
      "CreateCacheCluster",
      "2024-02-06T10:00:00Z",
      { cacheClusterId: "sessions-1", engine: "redis", cacheParameterGroupName: PG },
      {
        cacheClusterId: "sessions-1",
        engine: "redis",
        cacheParameterGroup: { cacheParameterGroupName: PG, parameterApplyStatus: "in-sync" },
      },
    );
    const h = reconstructHistory("parameter-group", PG, [create, use]);
    expect(h.steps[1]).toMatchObject({ category: "other", changes: [] });
    expect(h.lifecycles).toHaveLength(1);
  });
});

describe("subnet and security groups", () => {
  it("tracks subnet lists of a subnet group", () => {
    const SG = "private-cache";
    const subnet = (id: string) => ({ subnetIdentifier: id, subnetAvailabilityZone: { name: "eu-west-1a" } });
    const create = ev(
      "CreateCacheSubnetGroup",
      "2024-01-01T00:00:00Z",
      { cacheSubnetGroupName: SG, cacheSubnetGroupDescription: "private", subnetIds: ["subnet-2", "subnet-1"] },
      {
        cacheSubnetGroupName: SG,
        cacheSubnetGroupDescription: "private",
        vpcId: "vpc-1",
        subnets: [subnet("subnet-1"), subnet("subnet-2")],
      },
    );
    const modify = ev(
      "ModifyCacheSubnetGroup",
      "2024-01-02T00:00:00Z",
      { cacheSubnetGroupName: SG, subnetIds: ["subnet-1", "subnet-3"] },
      {
        cacheSubnetGroupName: SG,
        cacheSubnetGroupDescription: "private",
        vpcId: "vpc-1",
        subnets: [subnet("subnet-1"), subnet("subnet-3")],
      },
    );
    const h = reconstructHistory("subnet-group", SG, [create, modify]);
    expect(h.steps[0]?.configAfter.subnetIds?.value).toEqual(["subnet-1", "subnet-2"]);
    expect(h.steps[1]?.changes).toEqual([
      { field: "subnetIds", from: ["subnet-1", "subnet-2"], to: ["subnet-1", "subnet-3"], status: "applied" },
    ]);
  });

  it("tracks EC2 security groups authorised on a cache security group", () => {
    const G = "legacy";
    const create = ev(
      "CreateCacheSecurityGroup",
      "2014-01-01T00:00:00Z",
      { cacheSecurityGroupName: G, description: "classic" },
      { cacheSecurityGroupName: G, description: "classic", ownerId: "123456789012", eC2SecurityGroups: [] },
    );
    const grant = ev(
      "AuthorizeCacheSecurityGroupIngress",
      "2014-01-02T00:00:00Z",
      { cacheSecurityGroupName: G, eC2SecurityGroupName: "web", eC2SecurityGroupOwnerId: "123456789012" },
      {
        cacheSecurityGroupName: G,
        description: "classic",
        ownerId: "123456789012",
        eC2SecurityGroups: [
          { status: "authorizing", eC2SecurityGroupName: "web", eC2SecurityGroupOwnerId: "123456789012" },
        ],
      },
    );
    const revoke = ev(
      "RevokeCacheSecurityGroupIngress",
      "2014-01-03T00:00:00Z",
      { cacheSecurityGroupName: G, eC2SecurityGroupName: "web", eC2SecurityGroupOwnerId: "123456789012" },
      {
        cacheSecurityGroupName: G,
        description: "classic",
        ownerId: "123456789012",
        eC2SecurityGroups: [
          { status: "revoking", eC2SecurityGroupName: "web", eC2SecurityGroupOwnerId: "123456789012" },
        ],
      },
    );
    const h = reconstructHistory("security-group", G, [create, grant, revoke]);
    expect(h.steps[1]?.changes).toEqual([
      { field: "ec2SecurityGroups", from: [], to: ["123456789012/web"], status: "applied" },
    ]);
    expect(h.steps[2]?.changes).toEqual([
      { field: "ec2SecurityGroups", from: ["123456789012/web"], to: [], status: "applied" },
    ]);
  });
});

describe("users and user groups", () => {
  const PASSWORD = "Correct-Horse-Battery-Staple-42!";
  const NEW_PASSWORD = "An0ther-Very-Long-Password-99";
  const userObj = (over: Record<string, unknown> = {}) => ({
    userId: "app-writer",
    userName: "app-writer",
    status: "active",
    engine: "redis",
    minimumEngineVersion: "6.0",
    accessString: "on ~app:* +@write",
    userGroupIds: [],
    authentication: { type: "password", passwordCount: 1 },
    aRN: "arn:aws:elasticache:eu-west-1:123456789012:user:app-writer",
    ...over,
  });
  const createUser = ev(
    "CreateUser",
    "2024-03-01T00:00:00Z",
    {
      userId: "app-writer",
      userName: "app-writer",
      engine: "redis",
      passwords: [PASSWORD],
      accessString: "on ~app:* +@write",
    },
    userObj(),
  );

  it("creates a user with its access string and password count, never the password", () => {
    const h = reconstructHistory("user", "app-writer", [createUser]);
    expect(configurationValues(h.steps[0]!.configAfter)).toMatchObject({
      userName: "app-writer",
      accessString: "on ~app:* +@write",
      authenticationType: "password",
      passwordCount: 1,
    });
    expect(JSON.stringify(h)).not.toContain(PASSWORD);
  });

  it("records access string changes and 'password changed' without the value", () => {
    const modify = ev(
      "ModifyUser",
      "2024-03-02T00:00:00Z",
      { userId: "app-writer", appendAccessString: "+@read", passwords: [PASSWORD, NEW_PASSWORD] },
      userObj({
        status: "modifying",
        accessString: "on ~app:* +@write +@read",
        authentication: { type: "password", passwordCount: 2 },
      }),
    );
    const h = reconstructHistory("user", "app-writer", [createUser, modify]);
    const step = h.steps[1];
    expect(change(step, "accessString")).toMatchObject({
      from: "on ~app:* +@write",
      to: "on ~app:* +@write +@read",
      status: "applied",
    });
    expect(change(step, "passwordCount")).toMatchObject({ from: 1, to: 2, status: "applied" });
    expect(describeChange(change(step, "passwords")!)).toBe("password changed");
    expect(JSON.stringify(h)).not.toContain(NEW_PASSWORD);
  });

  it("switches authentication mode", () => {
    const iam = ev(
      "ModifyUser",
      "2024-03-03T00:00:00Z",
      { userId: "app-writer", authenticationMode: { type: "iam" } },
      userObj({ authentication: { type: "iam" } }),
    );
    const h = reconstructHistory("user", "app-writer", [createUser, iam]);
    expect(change(h.steps[1], "authenticationType")).toMatchObject({ from: "password", to: "iam", status: "applied" });
  });

  it("follows user group membership from pending to applied", () => {
    const UG = "checkout-users";
    const create = ev(
      "CreateUserGroup",
      "2024-03-01T01:00:00Z",
      { userGroupId: UG, engine: "redis", userIds: ["default", "app-writer"] },
      {
        userGroupId: UG,
        status: "creating",
        engine: "redis",
        userIds: ["app-writer", "default"],
        minimumEngineVersion: "6.0",
        replicationGroups: [],
      },
    );
    const modify = ev(
      "ModifyUserGroup",
      "2024-03-04T00:00:00Z",
      { userGroupId: UG, userIdsToAdd: ["app-reader"], userIdsToRemove: ["app-writer"] },
      {
        userGroupId: UG,
        status: "modifying",
        engine: "redis",
        userIds: ["app-writer", "default"],
        pendingChanges: { userIdsToAdd: ["app-reader"], userIdsToRemove: ["app-writer"] },
        replicationGroups: ["orders"],
      },
    );
    const later = ev(
      "ModifyUserGroup",
      "2024-03-05T00:00:00Z",
      { userGroupId: UG, userIdsToAdd: ["ops"] },
      {
        userGroupId: UG,
        status: "modifying",
        engine: "redis",
        userIds: ["app-reader", "default"],
        pendingChanges: { userIdsToAdd: ["ops"] },
        replicationGroups: ["orders"],
      },
    );
    const h = reconstructHistory("user-group", UG, [create, modify, later]);
    expect(change(h.steps[1], "userIds")).toEqual({
      field: "userIds",
      from: ["app-writer", "default"],
      to: ["app-reader", "default"],
      status: "pending",
    });
    const applied = h.steps[2]?.changes.filter((c) => c.field === "userIds");
    expect(applied).toEqual([
      {
        field: "userIds",
        from: ["app-writer", "default"],
        to: ["app-reader", "default"],
        status: "applied",
        note: "pending change applied",
      },
      { field: "userIds", from: ["app-reader", "default"], to: ["app-reader", "default", "ops"], status: "pending" },
    ]);
  });
});
