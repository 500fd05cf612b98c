// Short, rarer scenarios: snapshot housekeeping, reserved-node purchases (the node id may exist
// only in the response), service-update batches, and legacy security-group scripts that fail in
// VPC-only accounts.

import { elastiCacheArn, snapshotResponse } from "./elasticache-shapes";
import { reservedNodeResponse } from "./elasticache-shapes-newer";
import { NODE_TYPES, type Lifecycle, type LifecycleContext } from "./elasticache-steps";
import { datePath } from "./time-format";

export function* snapshotHousekeeping(ctx: LifecycleContext): Lifecycle {
  const { rng, place } = ctx;
  const groups = place.liveArns.filter((a) => a.includes(":replicationgroup:"));
  const source = groups.length > 0 ? (rng.pick(groups).split(":").pop() ?? "orders-prod") : "orders-prod";
  const day = datePath(ctx.clock.nowMs).replaceAll("/", "-");
  const snapshotName = `automatic.${source}-${day}-03-00`;
  const copy = `${source}-${day}-weekly`;
  const shape = (name: string, status: string, snapSource: "manual" | "automated") =>
    snapshotResponse({
      name,
      status,
      source: snapSource,
      accountId: place.account.id,
      region: place.region,
      engine: "redis",
      engineVersion: "7.1",
      nodeType: "cache.r7g.large",
      clusterIds: [`${source}-001`],
      replicationGroupId: source,
      createdAtMs: ctx.clock.nowMs - 86_400_000,
      nowMs: ctx.clock.nowMs,
    });
  yield {
    eventName: "DescribeSnapshots",
    requestParameters: { replicationGroupId: source, snapshotSource: "automated" },
    responseElements: null,
  };
  yield {
    eventName: "CopySnapshot",
    requestParameters: {
      sourceSnapshotName: snapshotName,
      targetSnapshotName: copy,
      targetBucket: rng.chance(0.3) ? `acme-${place.account.alias}-cache-exports` : undefined,
    },
    responseElements: shape(copy, "creating", "manual"),
    resourceArn: elastiCacheArn(place.region, place.account.id, "snapshot", copy),
  };
  if (rng.chance(0.5)) {
    yield {
      eventName: "DeleteSnapshot",
      requestParameters: { snapshotName: copy },
      responseElements: shape(copy, "deleting", "manual"),
      resourceArn: elastiCacheArn(place.region, place.account.id, "snapshot", copy),
    };
  }
}

export function* reservedNodePurchase(ctx: LifecycleContext): Lifecycle {
  const { rng, place } = ctx;
  const nodeType = rng.pick(NODE_TYPES.slice(3));
  const offeringId = rng.uuid();
  yield {
    eventName: "DescribeReservedCacheNodesOfferings",
    requestParameters: {
      cacheNodeType: nodeType,
      duration: "31536000",
      productDescription: "redis",
      offeringType: "No Upfront",
    },
    responseElements: null,
  };
  const named = rng.chance(0.5);
  const count = rng.between(1, 4);
  const generated = `ri-${new Date(ctx.clock.nowMs).toISOString().slice(0, 19).replace(/[-T:]/g, "-")}-${rng.between(100, 999)}`;
  const reservedCacheNodeId = named
    ? `${place.account.alias}-${nodeType.replace("cache.", "")}-${rng.hex(4)}`
    : generated;
  yield {
    eventName: "PurchaseReservedCacheNodesOffering",
    requestParameters: {
      reservedCacheNodesOfferingId: offeringId,
      reservedCacheNodeId: named ? reservedCacheNodeId : undefined,
      cacheNodeCount: count,
    },
    responseElements: reservedNodeResponse({
      reservedCacheNodeId,
      offeringId,
      nodeType,
      count,
      nowMs: ctx.clock.nowMs,
      accountId: place.account.id,
      region: place.region,
      engine: "redis",
    }),
    resourceArn: elastiCacheArn(place.region, place.account.id, "reserved-instance", reservedCacheNodeId),
  };
}

export function* serviceUpdateBatch(ctx: LifecycleContext): Lifecycle {
  const { rng, place } = ctx;
  const serviceUpdateName = `elasticache-${rng.pick(["20250115", "20250301", "20250412"])}-00${rng.between(1, 3)}`;
  yield {
    eventName: "DescribeServiceUpdates",
    requestParameters: { serviceUpdateStatus: ["available"], maxRecords: 100 },
    responseElements: null,
  };
  yield {
    eventName: "DescribeUpdateActions",
    requestParameters: { serviceUpdateName, showNodeLevelUpdateStatus: false },
    responseElements: null,
  };
  const groups = place.liveArns.filter((a) => a.includes(":replicationgroup:")).map((a) => a.split(":").pop() ?? "");
  const targets = groups.slice(0, rng.between(1, 3));
  if (targets.length === 0) return;
  const eventName = rng.chance(0.85) ? "BatchApplyUpdateAction" : "BatchStopUpdateAction";
  yield {
    eventName,
    requestParameters: { serviceUpdateName, replicationGroupIds: targets, cacheClusterIds: [] },
    responseElements: {
      processedUpdateActions: targets.map((replicationGroupId) => ({
        replicationGroupId,
        serviceUpdateName,
        updateActionStatus: eventName === "BatchApplyUpdateAction" ? "waiting-to-start" : "stopping",
      })),
      unprocessedUpdateActions: [],
    },
  };
}

/** An old script still calling EC2-Classic era security-group APIs. */
export function* legacySecurityGroupScript(ctx: LifecycleContext): Lifecycle {
  const name = `legacy-${ctx.rng.pick(["app", "web", "batch"])}-cache-sg`;
  yield {
    eventName: "DescribeCacheSecurityGroups",
    requestParameters: { cacheSecurityGroupName: name },
    responseElements: null,
  };
  yield {
    eventName: "CreateCacheSecurityGroup",
    requestParameters: { cacheSecurityGroupName: name, description: "Legacy cache access" },
    responseElements: null,
    error: {
      code: "InvalidParameterValue",
      message: "Use of cache security groups is not permitted in this API version for your account.",
    },
  };
}
