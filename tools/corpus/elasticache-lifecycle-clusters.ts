// Create → tag → modify → reboot/snapshot → delete lifecycles of standalone cache clusters.

import { claimCacheName, forget, releaseCacheName, remember, type Engine } from "./elasticache-inventory";
import { cacheClusterResponse, elastiCacheArn, snapshotResponse, type ClusterState } from "./elasticache-shapes";
import {
  addTags,
  appOf,
  browse,
  engineVersion,
  maintenanceWindow,
  newerEngineVersion,
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

export function* cacheClusterLifecycle(ctx: LifecycleContext): Lifecycle {
  const { rng, place } = ctx;
  const engine: Engine = rng.chance(0.45) ? "memcached" : rng.chance(0.6) ? "redis" : "valkey";
  const memcached = engine === "memcached";
  const id = claimCacheName(rng, place, memcached ? "mc" : "");
  const version = engineVersion(rng, engine);
  const family = parameterFamily(engine, version);
  const paramGroups = place.parameterGroups.filter((g) => g.family === family);
  const state: ClusterState = {
    id,
    accountId: place.account.id,
    region: place.region,
    engine,
    engineVersion: version,
    nodeType: rng.pick(NODE_TYPES),
    numNodes: memcached ? rng.between(1, 3) : 1,
    az: `${place.region}${rng.pick(["a", "b", "c"])}`,
    parameterGroup: paramGroups.length > 0 ? rng.pick(paramGroups).name : `default.${family}`,
    subnetGroup: rng.pick(place.subnetGroups),
    securityGroupIds: place.securityGroupIds.slice(0, rng.between(1, 2)),
    maintenanceWindow: maintenanceWindow(rng),
    snapshotWindow: snapshotWindow(rng),
    snapshotRetentionLimit: memcached ? 0 : rng.pick([0, 1, 7]),
    transitEncryption: !memcached && rng.chance(0.5),
    endpointHash: rng.chars("abcdefghijklmnopqrstuvwxyz0123456789", 6),
  };
  const arn = elastiCacheArn(place.region, place.account.id, "cluster", id);
  const authToken = state.transitEncryption && rng.chance(0.3) ? secret(rng) : undefined;
  const create: JsonObject = {
    cacheClusterId: id,
    engine,
    engineVersion: state.engineVersion,
    cacheNodeType: state.nodeType,
    numCacheNodes: state.numNodes,
    aZMode: memcached && state.numNodes > 1 ? "cross-az" : undefined,
    preferredAvailabilityZone: memcached && state.numNodes > 1 ? undefined : state.az,
    cacheParameterGroupName:
      state.parameterGroup.startsWith("default.") && ctx.style === "console" ? undefined : state.parameterGroup,
    cacheSubnetGroupName: state.subnetGroup,
    securityGroupIds: state.securityGroupIds,
    snapshotRetentionLimit: memcached ? undefined : state.snapshotRetentionLimit,
    preferredMaintenanceWindow: state.maintenanceWindow,
    transitEncryptionEnabled: state.transitEncryption || undefined,
    authToken,
    tags: tagsOnCreate(ctx) ? tagList(ctx, appOf(id)) : undefined,
  };
  yield {
    eventName: "CreateCacheCluster",
    requestParameters: create,
    responseElements: cacheClusterResponse(state, "creating", {}),
    resourceArn: arn,
  };
  state.createdAtMs = ctx.clock.nowMs - rng.between(1, 3) * 1000;
  remember(place.liveArns, arn);

  yield* browse(ctx, [
    ["DescribeCacheClusters", { cacheClusterId: id, showCacheNodeInfo: true }],
    ["ListTagsForResource", { resourceName: arn }],
  ]);
  if (!tagsOnCreate(ctx) && rng.chance(0.6)) yield* addTags(ctx, arn, appOf(id));

  for (let i = rng.between(1, 3); i > 0; i--) yield modifyCacheCluster(ctx, state, arn);

  if (rng.chance(0.25)) {
    yield {
      eventName: "RebootCacheCluster",
      requestParameters: { cacheClusterId: id, cacheNodeIdsToReboot: ["0001"] },
      responseElements: cacheClusterResponse(state, "rebooting cache cluster nodes", {}),
      resourceArn: arn,
    };
  }
  let snapshotName: string | undefined;
  if (!memcached && rng.chance(0.4)) {
    snapshotName = `${id}-manual-${datePath(ctx.clock.nowMs).replaceAll("/", "-")}`;
    yield {
      eventName: "CreateSnapshot",
      requestParameters: { cacheClusterId: id, snapshotName },
      responseElements: snapshotResponse({
        name: snapshotName,
        status: "creating",
        source: "manual",
        accountId: place.account.id,
        region: place.region,
        engine,
        engineVersion: state.engineVersion,
        nodeType: state.nodeType,
        clusterIds: [id],
        createdAtMs: state.createdAtMs,
        nowMs: ctx.clock.nowMs,
      }),
      resourceArn: elastiCacheArn(place.region, place.account.id, "snapshot", snapshotName),
    };
  }
  if (rng.chance(0.15)) {
    yield {
      eventName: "RemoveTagsFromResource",
      requestParameters: { resourceName: arn, tagKeys: ["team"] },
      responseElements: { tagList: tagList(ctx, appOf(id)).filter((t) => t.key !== "team") },
      resourceArn: arn,
    };
  }
  if (rng.chance(0.2)) return; // still running when the logs end

  const finalSnapshot = !memcached && rng.chance(0.4) ? `${id}-final` : undefined;
  yield {
    eventName: "DeleteCacheCluster",
    requestParameters: { cacheClusterId: id, finalSnapshotIdentifier: finalSnapshot },
    responseElements: cacheClusterResponse(state, "deleting", {}),
    resourceArn: arn,
  };
  releaseCacheName(place, id);
  forget(place.liveArns, arn);
  remember(place.deletedClusterIds, id);
  if (snapshotName && rng.chance(0.6)) {
    yield {
      eventName: "DeleteSnapshot",
      requestParameters: { snapshotName },
      responseElements: snapshotResponse({
        name: snapshotName,
        status: "deleting",
        source: "manual",
        accountId: place.account.id,
        region: place.region,
        engine,
        engineVersion: state.engineVersion,
        nodeType: state.nodeType,
        clusterIds: [id],
        createdAtMs: state.createdAtMs ?? 0,
        nowMs: ctx.clock.nowMs,
      }),
      resourceArn: elastiCacheArn(place.region, place.account.id, "snapshot", snapshotName),
    };
  }
}

/** One ModifyCacheCluster: pending values are reported until applied (immediately or in the window). */
function modifyCacheCluster(ctx: LifecycleContext, state: ClusterState, arn: string): EcStep {
  const { rng } = ctx;
  const applyImmediately = rng.chance(0.65);
  const request: JsonObject = { cacheClusterId: state.id, applyImmediately };
  const pending: JsonObject = {};
  const choice = rng.int(4);
  const upgrade = newerEngineVersion(state.engine, state.engineVersion);
  if (state.engine === "memcached" && choice < 2) {
    const target = state.numNodes + (state.numNodes > 1 && rng.chance(0.4) ? -1 : 1);
    request.numCacheNodes = target;
    if (target < state.numNodes) request.cacheNodeIdsToRemove = [String(state.numNodes).padStart(4, "0")];
    pending.numCacheNodes = target;
  } else if (choice === 0 || choice === 1) {
    const nodeType = rng.pick(
      ctx.rng.chance(0.5) ? ["cache.r7g.large", "cache.r7g.xlarge"] : ["cache.m7g.large", "cache.t4g.medium"],
    );
    request.cacheNodeType = nodeType;
    pending.cacheNodeType = nodeType;
  } else if (choice === 2 && upgrade) {
    request.engineVersion = upgrade;
    pending.engineVersion = upgrade;
  } else if (state.engine !== "memcached" && rng.chance(0.5)) {
    state.snapshotRetentionLimit = rng.pick([0, 3, 7, 14]);
    request.snapshotRetentionLimit = state.snapshotRetentionLimit;
  } else {
    state.maintenanceWindow = maintenanceWindow(rng);
    request.preferredMaintenanceWindow = state.maintenanceWindow;
  }
  const response = cacheClusterResponse(
    state,
    applyImmediately && Object.keys(pending).length > 0 ? "modifying" : "available",
    pending,
  );
  // The change lands after this call; the next response shows it applied.
  if (typeof pending.numCacheNodes === "number") state.numNodes = pending.numCacheNodes;
  if (typeof pending.cacheNodeType === "string") state.nodeType = pending.cacheNodeType;
  if (typeof pending.engineVersion === "string") state.engineVersion = pending.engineVersion;
  return { eventName: "ModifyCacheCluster", requestParameters: request, responseElements: response, resourceArn: arn };
}
