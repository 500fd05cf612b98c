import { describe, expect, it } from "vitest";
import { configurationValues } from "./configuration";
import { describeChange } from "./describe-change";
import { reconstructHistory } from "./reconstruct";
import { ev } from "@/tests/fixtures/history-events";

const ARN = "arn:aws:elasticache:eu-west-1:123456789012:cluster:sessions-redis";

describe("tags", () => {
  const create = ev(
    "CreateCacheCluster",
    "2024-03-03T09:00:00Z",
    { cacheClusterId: "sessions-redis", engine: "redis", tags: [{ key: "team", value: "payments" }] },
    { cacheClusterId: "sessions-redis", engine: "redis", cacheClusterStatus: "creating", pendingModifiedValues: {} },
  );

  it("adds and removes tags as tags.<key>, trusting the returned tag list", () => {
    const add = ev(
      "AddTagsToResource",
      "2024-03-04T00:00:00Z",
      {
        resourceName: ARN,
        tags: [
          { key: "env", value: "prod" },
          { key: "team", value: "checkout" },
        ],
      },
      // The response lists every tag: "owner" was set outside these events.
      {
        tagList: [
          { key: "env", value: "prod" },
          { key: "team", value: "checkout" },
          { key: "owner", value: "sre" },
        ],
      },
    );
    const remove = ev(
      "RemoveTagsFromResource",
      "2024-03-05T00:00:00Z",
      { resourceName: ARN, tagKeys: ["env"] },
      { tagList: [{ key: "team", value: "checkout" }] },
    );
    const h = reconstructHistory("cache-cluster", "sessions-redis", [create, add, remove]);

    expect(h.steps[1]?.category).toBe("tag");
    expect(h.steps[1]?.changes).toEqual([
      { field: "tags.env", from: undefined, to: "prod", status: "applied" },
      { field: "tags.team", from: "payments", to: "checkout", status: "applied" },
      { field: "tags.owner", from: undefined, to: "sre", status: "applied", note: "observed in response" },
    ]);
    expect(h.steps[2]?.changes).toEqual([
      { field: "tags.env", from: "prod", to: undefined, status: "applied" },
      { field: "tags.owner", from: "sre", to: undefined, status: "applied", note: "observed in response" },
    ]);
    expect(describeChange(h.steps[2]!.changes[0]!)).toBe("tags.env removed (was prod)");
    expect(Object.keys(h.steps[2]!.configAfter).filter((k) => k.startsWith("tags."))).toEqual(["tags.team"]);
  });

  it("applies tag calls without a response, and ignores tags of other resources", () => {
    const add = ev(
      "AddTagsToResource",
      "2024-03-04T00:00:00Z",
      { resourceName: ARN, tags: [{ key: "env", value: "prod" }] },
      null,
    );
    const other = ev(
      "AddTagsToResource",
      "2024-03-04T00:00:01Z",
      {
        resourceName: "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:sessions-redis",
        tags: [{ key: "env", value: "dev" }],
      },
      null,
    );
    const h = reconstructHistory("cache-cluster", "sessions-redis", [create, add, other]);
    expect(h.steps[1]?.changes).toEqual([{ field: "tags.env", from: undefined, to: "prod", status: "applied" }]);
    expect(h.steps[2]?.changes).toEqual([]);
    expect(h.steps[2]?.configAfter["tags.env"]?.value).toBe("prod");
  });
});

describe("snapshots", () => {
  const snapshot = (name: string, status: string) => ({
    snapshotName: name,
    cacheClusterId: "sessions-redis",
    snapshotStatus: status,
    snapshotSource: "manual",
    cacheNodeType: "cache.t3.medium",
    engine: "redis",
    engineVersion: "7.1",
    numCacheNodes: 1,
  });

  it("gives a snapshot its own create / delete lifecycle", () => {
    const create = ev(
      "CreateSnapshot",
      "2024-03-09T00:00:00Z",
      { cacheClusterId: "sessions-redis", snapshotName: "before-upgrade" },
      { snapshot: snapshot("before-upgrade", "creating") },
    );
    const del = ev(
      "DeleteSnapshot",
      "2024-04-09T00:00:00Z",
      { snapshotName: "before-upgrade" },
      snapshot("before-upgrade", "deleting"),
    );
    const h = reconstructHistory("snapshot", "before-upgrade", [del, create]);
    expect(h.steps.map((s) => s.category)).toEqual(["create", "delete"]);
    expect(configurationValues(h.steps[0]!.configAfter)).toMatchObject({
      cacheClusterId: "sessions-redis",
      engineVersion: "7.1",
      status: "creating",
    });
    expect(h.status).toBe("deleted");
  });

  it("creates the copy's history from CopySnapshot, but not from an export to S3", () => {
    const copy = ev(
      "CopySnapshot",
      "2024-03-10T00:00:00Z",
      { sourceSnapshotName: "before-upgrade", targetSnapshotName: "before-upgrade-copy" },
      snapshot("before-upgrade-copy", "creating"),
    );
    const h = reconstructHistory("snapshot", "before-upgrade-copy", [copy]);
    expect(h.lifecycles[0]?.createEventId).toBe(copy.eventId);
    expect(h.steps[0]?.configAfter.copiedFrom?.value).toBe("before-upgrade");

    const exportCall = ev(
      "CopySnapshot",
      "2024-03-11T00:00:00Z",
      { sourceSnapshotName: "before-upgrade", targetSnapshotName: "exported", targetBucket: "my-backups" },
      snapshot("exported", "exporting"),
    );
    const exported = reconstructHistory("snapshot", "exported", [exportCall]);
    expect(exported.lifecycles[0]?.createEventId).toBeUndefined();
    const source = reconstructHistory("snapshot", "before-upgrade", [exportCall]);
    expect(source.steps[0]).toMatchObject({ category: "snapshot", changes: [] });
  });

  it("handles serverless snapshots", () => {
    const create = ev(
      "CreateServerlessCacheSnapshot",
      "2024-07-05T00:00:00Z",
      { serverlessCacheSnapshotName: "checkout-daily", serverlessCacheName: "checkout-cache" },
      {
        serverlessCacheSnapshot: {
          serverlessCacheSnapshotName: "checkout-daily",
          status: "creating",
          snapshotType: "manual",
          serverlessCacheConfiguration: {
            serverlessCacheName: "checkout-cache",
            engine: "valkey",
            majorEngineVersion: "8",
          },
        },
      },
    );
    const exportCall = ev(
      "ExportServerlessCacheSnapshot",
      "2024-07-06T00:00:00Z",
      { serverlessCacheSnapshotName: "checkout-daily", s3BucketName: "exports" },
      null,
    );
    const h = reconstructHistory("serverless-cache-snapshot", "checkout-daily", [create, exportCall]);
    expect(h.steps.map((s) => s.category)).toEqual(["create", "snapshot"]);
    expect(configurationValues(h.steps[0]!.configAfter)).toMatchObject({
      serverlessCacheName: "checkout-cache",
      engine: "valkey",
      snapshotType: "manual",
    });
    expect(h.steps[1]?.changes).toEqual([]);
  });
});
