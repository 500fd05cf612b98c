// Supporting resources: parameter groups, subnet groups, RBAC users (passwords in the request,
// so secret masking can be tested) and user groups.

import { envName, forget, remember, type Engine } from "./elasticache-inventory";
import { elastiCacheArn, parameterGroupResponse, subnetGroupResponse } from "./elasticache-shapes";
import { userGroupResponse, userResponse } from "./elasticache-shapes-newer";
import { browse, secret, type Lifecycle, type LifecycleContext } from "./elasticache-steps";

const TUNABLES: [string, string[]][] = [
  ["maxmemory-policy", ["allkeys-lru", "volatile-lru", "allkeys-lfu", "noeviction"]],
  ["timeout", ["0", "300", "600"]],
  ["notify-keyspace-events", ["", "Ex", "KEA"]],
  ["tcp-keepalive", ["60", "300"]],
  ["maxmemory-samples", ["3", "5", "10"]],
];

export function* parameterGroupLifecycle(ctx: LifecycleContext): Lifecycle {
  const { rng, place } = ctx;
  const engine: Engine = rng.chance(0.5) ? "redis" : "valkey";
  const family = engine === "redis" ? "redis7" : "valkey8";
  const purpose = rng.pick(["sessions", "lru", "tuned", "keyspace-events", "low-latency"]);
  const name = `${family.replace(".", "-")}-${purpose}-${envName(place.account)}-${rng.hex(4)}`;
  const arn = elastiCacheArn(place.region, place.account.id, "parametergroup", name);
  const description = `Custom ${family} parameters`;
  yield {
    eventName: "CreateCacheParameterGroup",
    requestParameters: { cacheParameterGroupName: name, cacheParameterGroupFamily: family, description },
    responseElements: parameterGroupResponse({
      name,
      family,
      description,
      accountId: place.account.id,
      region: place.region,
    }),
    resourceArn: arn,
  };
  const group = { name, family, engine };
  remember(place.parameterGroups, group);
  for (let i = rng.between(1, 3); i > 0; i--) {
    const [parameterName, values] = rng.pick(TUNABLES);
    yield {
      eventName: "ModifyCacheParameterGroup",
      requestParameters: {
        cacheParameterGroupName: name,
        parameterNameValues: [{ parameterName, parameterValue: rng.pick(values) }],
      },
      responseElements: { cacheParameterGroupName: name },
      resourceArn: arn,
    };
    yield* browse(ctx, [["DescribeCacheParameters", { cacheParameterGroupName: name, source: "user" }]]);
  }
  if (rng.chance(0.2)) {
    yield {
      eventName: "ResetCacheParameterGroup",
      requestParameters: { cacheParameterGroupName: name, resetAllParameters: true },
      responseElements: { cacheParameterGroupName: name },
      resourceArn: arn,
    };
  }
  if (rng.chance(0.5)) return;
  forget(place.parameterGroups, group);
  // Delete*ParameterGroup has no output.
  yield {
    eventName: "DeleteCacheParameterGroup",
    requestParameters: { cacheParameterGroupName: name },
    responseElements: null,
    resourceArn: arn,
  };
}

export function* subnetGroupLifecycle(ctx: LifecycleContext): Lifecycle {
  const { rng, place } = ctx;
  const name = `${envName(place.account)}-cache-${rng.pick(["private", "isolated", "app"])}-${rng.hex(4)}`;
  const arn = elastiCacheArn(place.region, place.account.id, "subnetgroup", name);
  const description = `Cache subnets for ${place.account.alias}`;
  const shape = (subnetIds: string[]) =>
    subnetGroupResponse({
      name,
      description,
      accountId: place.account.id,
      region: place.region,
      vpcId: place.vpcId,
      subnetIds,
    });
  yield {
    eventName: "CreateCacheSubnetGroup",
    requestParameters: {
      cacheSubnetGroupName: name,
      cacheSubnetGroupDescription: description,
      subnetIds: place.subnetIds.slice(0, 2),
    },
    responseElements: shape(place.subnetIds.slice(0, 2)),
    resourceArn: arn,
  };
  remember(place.subnetGroups, name);
  if (rng.chance(0.5)) {
    yield {
      eventName: "ModifyCacheSubnetGroup",
      requestParameters: { cacheSubnetGroupName: name, subnetIds: place.subnetIds },
      responseElements: shape(place.subnetIds),
      resourceArn: arn,
    };
  }
  if (rng.chance(0.6)) return;
  forget(place.subnetGroups, name);
  yield {
    eventName: "DeleteCacheSubnetGroup",
    requestParameters: { cacheSubnetGroupName: name },
    responseElements: null,
    resourceArn: arn,
  };
}

export function* usersLifecycle(ctx: LifecycleContext): Lifecycle {
  const { rng, place } = ctx;
  const engine: Engine = rng.chance(0.6) ? "redis" : "valkey";
  const tag = rng.hex(4);
  const users = ["app-rw", "app-ro", "ops-admin"].slice(0, rng.between(1, 3)).map((role) => ({
    userId: `${role}-${tag}`,
    userName: `${role}-${envName(place.account)}`,
    accessString:
      role === "app-ro" ? "on ~* -@all +@read" : role === "ops-admin" ? "on ~* +@all" : "on ~app:* +@all -@dangerous",
  }));
  const userArn = (id: string) => elastiCacheArn(place.region, place.account.id, "user", id);
  for (const u of users) {
    const passwords = [secret(rng)];
    yield {
      eventName: "CreateUser",
      requestParameters: rng.chance(0.5)
        ? {
            userId: u.userId,
            userName: u.userName,
            engine,
            accessString: u.accessString,
            passwords,
            noPasswordRequired: false,
          }
        : {
            userId: u.userId,
            userName: u.userName,
            engine,
            accessString: u.accessString,
            authenticationMode: { type: "password", passwords },
          },
      responseElements: userResponse({
        ...u,
        accountId: place.account.id,
        region: place.region,
        engine,
        status: "active",
        userGroupIds: [],
        passwordCount: 1,
      }),
      resourceArn: userArn(u.userId),
    };
    remember(place.users, u.userId);
  }
  const userGroupId = `${envName(place.account)}-rbac-${tag}`;
  const groupArn = elastiCacheArn(place.region, place.account.id, "usergroup", userGroupId);
  const memberIds = ["default", ...users.map((u) => u.userId)];
  const group = (status: string, extra: { pendingAdd?: string[]; pendingRemove?: string[] } = {}) =>
    userGroupResponse({
      userGroupId,
      accountId: place.account.id,
      region: place.region,
      engine,
      status,
      userIds: memberIds,
      ...extra,
    });
  yield {
    eventName: "CreateUserGroup",
    requestParameters: { userGroupId, engine, userIds: memberIds },
    responseElements: group("creating"),
    resourceArn: groupArn,
  };
  remember(place.userGroups, userGroupId);
  yield* browse(ctx, [
    ["DescribeUserGroups", { userGroupId }],
    ["DescribeUsers", { engine }],
  ]);

  const rotated = rng.pick(users);
  const passwords = rng.chance(0.5) ? [secret(rng), secret(rng)] : [secret(rng)];
  yield {
    eventName: "ModifyUser",
    requestParameters: {
      userId: rotated.userId,
      passwords,
      accessString: rng.chance(0.3) ? "on ~* +@all -flushall" : undefined,
    },
    responseElements: userResponse({
      ...rotated,
      accountId: place.account.id,
      region: place.region,
      engine,
      status: "modifying",
      userGroupIds: [userGroupId],
      passwordCount: passwords.length,
    }),
    resourceArn: userArn(rotated.userId),
  };
  if (rng.chance(0.4) && users.length > 1) {
    const removed = users[users.length - 1]?.userId ?? "";
    yield {
      eventName: "ModifyUserGroup",
      requestParameters: { userGroupId, userIdsToRemove: [removed] },
      responseElements: group("modifying", { pendingRemove: [removed] }),
      resourceArn: groupArn,
    };
  }
  if (rng.chance(0.5)) return;
  forget(place.userGroups, userGroupId);
  yield {
    eventName: "DeleteUserGroup",
    requestParameters: { userGroupId },
    responseElements: group("deleting"),
    resourceArn: groupArn,
  };
  for (const u of users) {
    forget(place.users, u.userId);
    yield {
      eventName: "DeleteUser",
      requestParameters: { userId: u.userId },
      responseElements: userResponse({
        ...u,
        accountId: place.account.id,
        region: place.region,
        engine,
        status: "deleting",
        userGroupIds: [],
        passwordCount: 1,
      }),
      resourceArn: userArn(u.userId),
    };
  }
}
