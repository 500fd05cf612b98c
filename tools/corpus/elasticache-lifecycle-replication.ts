// Replication-group lifecycles: create (member clusters generated only in the response),
// modify with pending values and auth-token rotation, replica/shard changes, failover tests,
// snapshots, delete.

import type { Region } from "./accounts";
import { claimCacheName, forget, releaseCacheName, remember, type Engine, type Place } from "./elasticache-inventory";
import {
  elastiCacheArn,
  memberClusterIds,
  replicationGroupResponse,
  snapshotResponse,
  type ReplicationGroupState,
} from "./elasticache-shapes";
import {
  addTags,
  appOf,
  browse,
  engineVersion,
  NODE_TYPES,
  parameterFamily,
  secret,
  snapshotWindow,
  tagList,
  tagsOnCreate,
  type EcStep,
  type Lifecycle,
  type LifecycleContext,
} from "./elasticache-steps";
import type { JsonObject } from "./json";
import { datePath } from "./time-format";

export function createReplicationGroup(
  ctx: LifecycleContext,
  place: Place,
  opts: { globalReplicationGroupId?: string; like?: ReplicationGroupState } = {},
): { state: ReplicationGroupState; step: EcStep } {
  const { rng } = ctx;
  const like = opts.like;
  const engine: Engine = like?.engine ?? (rng.chance(0.6) ? "redis" : "valkey");
  const id = claimCacheName(rng, place, like ? "dr" : "");
  const clusterMode = like?.clusterMode ?? rng.chance(0.35);
  const version = like?.engineVersion ?? engineVersion(rng, engine);
  const authToken = !opts.globalReplicationGroupId && rng.chance(0.35);
  const userGroupId =
    !authToken && place.userGroups.length > 0 && rng.chance(0.4) ? rng.pick(place.userGroups) : undefined;
  const state: ReplicationGroupState = {
    id,
    description: `${appOf(id)} cache (${place.account.alias})`,
    accountId: place.account.id,
    region: place.region,
    engine,
    engineVersion: version,
    nodeType: like?.nodeType ?? rng.pick(NODE_TYPES.slice(2)),
    clusterMode,
    shards: like?.shards ?? (clusterMode ? rng.between(2, 4) : 1),
    replicasPerShard: like?.replicasPerShard ?? rng.between(1, 2),
    authToken,
    transitEncryption: authToken || rng.chance(0.6),
    kmsKeyArn: rng.chance(0.3) ? place.kmsKeyArn : undefined,
    userGroupIds: userGroupId ? [userGroupId] : [],
    snapshotRetentionLimit: rng.pick([0, 1, 5, 7]),
    snapshotWindow: snapshotWindow(rng),
    endpointHash: rng.chars("abcdefghijklmnopqrstuvwxyz0123456789", 6),
    globalReplicationGroupId: opts.globalReplicationGroupId,
    globalRole: opts.globalReplicationGroupId ? "SECONDARY" : undefined,
    createdAtMs: ctx.clock.nowMs,
  };
  const family = parameterFamily(engine, version);
  const request: JsonObject = {
    replicationGroupId: id,
    replicationGroupDescription: state.description,
    globalReplicationGroupId: opts.globalReplicationGroupId,
    engine: opts.globalReplicationGroupId ? undefined : engine,
    engineVersion: opts.globalReplicationGroupId ? undefined : version,
    cacheNodeType: opts.globalReplicationGroupId ? undefined : state.nodeType,
    numNodeGroups: clusterMode ? state.shards : undefined,
    replicasPerNodeGroup: clusterMode ? state.replicasPerShard : undefined,
    numCacheClusters: clusterMode ? undefined : state.replicasPerShard + 1,
    automaticFailoverEnabled: true,
    multiAZEnabled: true,
    cacheParameterGroupName: opts.globalReplicationGroupId
      ? undefined
      : `default.${family}${clusterMode ? ".cluster.on" : ""}`,
    cacheSubnetGroupName: rng.pick(place.subnetGroups),
    securityGroupIds: place.securityGroupIds,
    atRestEncryptionEnabled: true,
    transitEncryptionEnabled: state.transitEncryption,
    authToken: authToken ? secret(rng) : undefined,
    userGroupIds: userGroupId ? [userGroupId] : undefined,
    kmsKeyId: state.kmsKeyArn,
    snapshotRetentionLimit: state.snapshotRetentionLimit,
    snapshotWindow: state.snapshotWindow,
    tags: tagsOnCreate(ctx) ? tagList(ctx, appOf(id)) : undefined,
  };
  const arn = elastiCacheArn(place.region, place.account.id, "replicationgroup", id);
  remember(place.liveArns, arn);
  return {
    state,
    step: {
      eventName: "CreateReplicationGroup",
      requestParameters: request,
      region: place.region,
      responseElements: replicationGroupResponse(state, "creating", {}),
      resourceArn: arn,
    },
  };
}

export function deleteReplicationGroup(ctx: LifecycleContext, place: Place, state: ReplicationGroupState): EcStep {
  const arn = elastiCacheArn(place.region, place.account.id, "replicationgroup", state.id);
  releaseCacheName(place, state.id);
  forget(place.liveArns, arn);
  remember(place.deletedReplicationGroupIds, state.id);
  return {
    eventName: "DeleteReplicationGroup",
    region: place.region as Region,
    requestParameters: {
      replicationGroupId: state.id,
      finalSnapshotIdentifier: ctx.rng.chance(0.4) ? `${state.id}-final` : undefined,
    },
    responseElements: replicationGroupResponse(state, "deleting", {}),
    resourceArn: arn,
  };
}

export function* replicationGroupLifecycle(ctx: LifecycleContext): Lifecycle {
  const { rng, place } = ctx;
  const { state, step } = createReplicationGroup(ctx, place);
  const arn = step.resourceArn ?? "";
  yield step;
  yield* browse(ctx, [
    ["DescribeReplicationGroups", { replicationGroupId: state.id }],
    ["DescribeCacheClusters", { showCacheNodeInfo: true }],
  ]);
  if (!tagsOnCreate(ctx) && rng.chance(0.5)) yield* addTags(ctx, arn, appOf(state.id));

  for (let i = rng.between(1, 4); i > 0; i--) {
    const kind = rng.int(10);
    if (kind < 4) yield modifyReplicationGroup(ctx, state);
    else if (kind < 6 && !state.clusterMode) yield replicaCountChange(ctx, state);
    else if (kind < 7 && state.clusterMode) {
      state.shards += 1;
      yield {
        eventName: "ModifyReplicationGroupShardConfiguration",
        actor: rng.chance(0.5) ? ctx.roster.autoscaling : undefined,
        requestParameters: { replicationGroupId: state.id, nodeGroupCount: state.shards, applyImmediately: true },
        responseElements: null, // as in AWS's published samples
        resourceArn: arn,
      };
    } else if (kind < 8) {
      yield {
        eventName: "TestFailover",
        requestParameters: { replicationGroupId: state.id, nodeGroupId: "0001" },
        responseElements: replicationGroupResponse(state, "available", {}),
        resourceArn: arn,
      };
    } else {
      const snapshotName = `${state.id}-${datePath(ctx.clock.nowMs).replaceAll("/", "-")}-${rng.hex(4)}`;
      yield {
        eventName: "CreateSnapshot",
        requestParameters: { replicationGroupId: state.id, snapshotName },
        responseElements: snapshotResponse({
          name: snapshotName,
          status: "creating",
          source: "manual",
          accountId: place.account.id,
          region: place.region,
          engine: state.engine,
          engineVersion: state.engineVersion,
          nodeType: state.nodeType,
          clusterIds: memberClusterIds(state).slice(0, state.shards),
          replicationGroupId: state.id,
          createdAtMs: state.createdAtMs,
          nowMs: ctx.clock.nowMs,
        }),
        resourceArn: elastiCacheArn(place.region, place.account.id, "snapshot", snapshotName),
      };
    }
  }
  if (rng.chance(0.25)) return;
  yield deleteReplicationGroup(ctx, place, state);
}

function modifyReplicationGroup(ctx: LifecycleContext, state: ReplicationGroupState): EcStep {
  const { rng, place } = ctx;
  const applyImmediately = rng.chance(0.7);
  const request: JsonObject = { replicationGroupId: state.id, applyImmediately };
  let pending: JsonObject = {};
  let status = "available";
  const choice = rng.int(5);
  if (choice === 0 && state.authToken) {
    request.authToken = secret(rng);
    request.authTokenUpdateStrategy = "ROTATE";
    pending = { authTokenStatus: "ROTATING" };
    status = "modifying";
  } else if (choice <= 1 && place.userGroups.length > 0 && !state.authToken) {
    const add = rng.pick(place.userGroups);
    request.userGroupIdsToAdd = [add];
    pending = { userGroups: { userGroupIdsToAdd: [add], userGroupIdsToRemove: [] } };
    state.userGroupIds = [add];
    status = "modifying";
  } else if (choice === 2) {
    state.nodeType = rng.pick(NODE_TYPES.slice(3));
    request.cacheNodeType = state.nodeType;
    status = applyImmediately ? "modifying" : "available";
  } else if (choice === 3) {
    state.snapshotRetentionLimit = rng.pick([0, 3, 7, 14, 35]);
    request.snapshotRetentionLimit = state.snapshotRetentionLimit;
  } else {
    request.replicationGroupDescription = `${state.description} - ${rng.pick(["resized", "owner: platform", "do not delete"])}`;
    state.description = request.replicationGroupDescription as string;
  }
  return {
    eventName: "ModifyReplicationGroup",
    requestParameters: request,
    responseElements: replicationGroupResponse(state, status, pending),
    resourceArn: elastiCacheArn(place.region, place.account.id, "replicationgroup", state.id),
  };
}

/** Adds or removes replicas; the ids of added member clusters appear only in the response. */
function replicaCountChange(ctx: LifecycleContext, state: ReplicationGroupState): EcStep {
  const increase = state.replicasPerShard < 2 || ctx.rng.chance(0.5);
  state.replicasPerShard += increase ? 1 : -1;
  return {
    eventName: increase ? "IncreaseReplicaCount" : "DecreaseReplicaCount",
    actor: ctx.rng.chance(0.3) ? ctx.roster.autoscaling : undefined,
    requestParameters: {
      replicationGroupId: state.id,
      newReplicaCount: state.replicasPerShard,
      applyImmediately: true,
    },
    responseElements: replicationGroupResponse(state, "modifying", {}),
    resourceArn: elastiCacheArn(ctx.place.region, ctx.place.account.id, "replicationgroup", state.id),
  };
}
