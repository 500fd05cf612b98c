// Serverless caches (wrapped responses) and their snapshots: create, modify limits, snapshot,
// copy/export, delete.

import { claimCacheName, forget, releaseCacheName, remember, type Engine } from "./elasticache-inventory";
import { elastiCacheArn } from "./elasticache-shapes";
import { serverlessCacheResponse, serverlessSnapshotResponse, type ServerlessState } from "./elasticache-shapes-newer";
import { appOf, browse, tagList, tagsOnCreate, type Lifecycle, type LifecycleContext } from "./elasticache-steps";
import type { JsonObject } from "./json";

export function* serverlessCacheLifecycle(ctx: LifecycleContext): Lifecycle {
  const { rng, place } = ctx;
  const engine: Engine = rng.pick(["valkey", "valkey", "redis", "memcached"] as const);
  const name = claimCacheName(rng, place, "sls");
  const state: ServerlessState = {
    name,
    description: `${appOf(name)} serverless cache`,
    accountId: place.account.id,
    region: place.region,
    engine,
    majorEngineVersion: engine === "valkey" ? "8" : engine === "redis" ? "7" : "1.6",
    maxDataStorageGb: rng.pick([1, 5, 10, 50]),
    maxEcpuPerSecond: rng.pick([1000, 5000, 15000]),
    securityGroupIds: place.securityGroupIds.slice(0, 1),
    subnetIds: place.subnetIds,
    userGroupId:
      engine !== "memcached" && place.userGroups.length > 0 && rng.chance(0.4) ? rng.pick(place.userGroups) : undefined,
    kmsKeyArn: rng.chance(0.3) ? place.kmsKeyArn : undefined,
    snapshotRetentionLimit: engine === "memcached" ? 0 : rng.pick([0, 1, 7]),
    endpointHash: rng.chars("abcdefghijklmnopqrstuvwxyz0123456789", 6),
    createdAtMs: ctx.clock.nowMs,
  };
  const arn = elastiCacheArn(place.region, place.account.id, "serverlesscache", name);
  const request: JsonObject = {
    serverlessCacheName: name,
    description: state.description,
    engine,
    majorEngineVersion: state.majorEngineVersion,
    cacheUsageLimits: {
      dataStorage: { maximum: state.maxDataStorageGb, unit: "GB" },
      eCPUPerSecond: { maximum: state.maxEcpuPerSecond },
    },
    kmsKeyId: state.kmsKeyArn,
    securityGroupIds: state.securityGroupIds,
    subnetIds: state.subnetIds,
    userGroupId: state.userGroupId,
    snapshotRetentionLimit: state.snapshotRetentionLimit || undefined,
    tags: tagsOnCreate(ctx) ? tagList(ctx, appOf(name)) : undefined,
  };
  yield {
    eventName: "CreateServerlessCache",
    requestParameters: request,
    responseElements: serverlessCacheResponse(state, "creating"),
    resourceArn: arn,
  };
  remember(place.liveArns, arn);
  yield* browse(ctx, [["DescribeServerlessCaches", { serverlessCacheName: name }]]);

  for (let i = rng.between(0, 2); i > 0; i--) {
    const request: JsonObject = { serverlessCacheName: name };
    if (rng.chance(0.6)) {
      state.maxEcpuPerSecond *= 2;
      request.cacheUsageLimits = {
        dataStorage: { maximum: state.maxDataStorageGb, unit: "GB" },
        eCPUPerSecond: { maximum: state.maxEcpuPerSecond },
      };
    } else {
      state.snapshotRetentionLimit = rng.pick([1, 7, 14]);
      request.snapshotRetentionLimit = state.snapshotRetentionLimit;
    }
    yield {
      eventName: "ModifyServerlessCache",
      requestParameters: request,
      responseElements: serverlessCacheResponse(state, "modifying"),
      resourceArn: arn,
    };
  }

  let snapshotName: string | undefined;
  if (engine !== "memcached" && rng.chance(0.5)) {
    snapshotName = `${name}-snap-${rng.hex(6)}`;
    const snapshot = (eventName: string, snapName: string, status: string, requestParameters: JsonObject) => ({
      eventName,
      requestParameters,
      responseElements: serverlessSnapshotResponse({
        name: snapName,
        cacheName: name,
        accountId: place.account.id,
        region: place.region,
        engine,
        majorEngineVersion: state.majorEngineVersion,
        status,
        nowMs: ctx.clock.nowMs,
        kmsKeyArn: state.kmsKeyArn,
      }),
      resourceArn: elastiCacheArn(place.region, place.account.id, "serverlesscachesnapshot", snapName),
    });
    yield snapshot("CreateServerlessCacheSnapshot", snapshotName, "creating", {
      serverlessCacheName: name,
      serverlessCacheSnapshotName: snapshotName,
    });
    if (rng.chance(0.3)) {
      yield snapshot("CopyServerlessCacheSnapshot", `${snapshotName}-copy`, "creating", {
        sourceServerlessCacheSnapshotName: snapshotName,
        targetServerlessCacheSnapshotName: `${snapshotName}-copy`,
      });
    }
    if (rng.chance(0.2)) {
      yield snapshot("ExportServerlessCacheSnapshot", snapshotName, "exporting", {
        serverlessCacheSnapshotName: snapshotName,
        s3BucketName: `acme-${place.account.alias}-cache-exports`,
      });
    }
  }
  if (rng.chance(0.3)) return;
  yield {
    eventName: "DeleteServerlessCache",
    requestParameters: { serverlessCacheName: name, finalSnapshotName: rng.chance(0.3) ? `${name}-final` : undefined },
    responseElements: serverlessCacheResponse(state, "deleting"),
    resourceArn: arn,
  };
  releaseCacheName(place, name);
  forget(place.liveArns, arn);
  if (snapshotName && rng.chance(0.5)) {
    yield {
      eventName: "DeleteServerlessCacheSnapshot",
      requestParameters: { serverlessCacheSnapshotName: snapshotName },
      responseElements: serverlessSnapshotResponse({
        name: snapshotName,
        cacheName: name,
        accountId: place.account.id,
        region: place.region,
        engine,
        majorEngineVersion: state.majorEngineVersion,
        status: "deleting",
        nowMs: ctx.clock.nowMs,
      }),
      resourceArn: elastiCacheArn(place.region, place.account.id, "serverlesscachesnapshot", snapshotName),
    };
  }
}
