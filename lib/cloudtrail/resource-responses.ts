// Readers for responseElements. Some ids exist only there: the members ElastiCache generates for
// a replication group, the full id of a new global datastore (the request holds only a suffix),
// a purchased reserved node. CloudTrail writes responses in two shapes — the older operations
// drop the API's wrapper (the seed records have cacheClusterId at the top level), newer ones keep
// it ({serverlessCache:{…}}) — so every reader accepts both.

import { isJsonObject, own, ownObject, ownString, type JsonObject } from "./json";
import { MAX_LIST_ITEMS, type ResourceCollector } from "./resource-collector";
import type { ResourceKind, ResourceRole } from "./types";

export type ResponseReader = (response: JsonObject, out: ResourceCollector) => void;

/** The object inside `{wrapper: {...}}`, or the response itself when CloudTrail dropped the wrapper. */
function unwrap(response: JsonObject, wrapper: string): JsonObject {
  return ownObject(response, wrapper) ?? response;
}

/** The objects of a list, at most MAX_LIST_ITEMS of them; anything that is not a list gives none. */
function objectsOf(value: unknown): JsonObject[] {
  if (!Array.isArray(value)) return [];
  return value.slice(0, MAX_LIST_ITEMS).filter(isJsonObject);
}

export const readCacheCluster: ResponseReader = (response, out) => {
  const cluster = unwrap(response, "cacheCluster");
  out.add("cache-cluster", own(cluster, "cacheClusterId"), "target");
  out.add(
    "parameter-group",
    own(ownObject(cluster, "cacheParameterGroup"), "cacheParameterGroupName"),
    "parameter-group",
  );
  out.add("subnet-group", own(cluster, "cacheSubnetGroupName"), "subnet-group");
  out.add("replication-group", own(cluster, "replicationGroupId"), "replication-group");
};

export const readReplicationGroup: ResponseReader = (response, out) => {
  const group = unwrap(response, "replicationGroup");
  out.add("replication-group", own(group, "replicationGroupId"), "target");
  out.addEach("cache-cluster", own(group, "memberClusters"), "member");
  // nodeGroups[].nodeGroupMembers[] repeats memberClusters for cluster-mode-disabled groups, but
  // is the only list in some responses (shard changes), so read both.
  for (const nodeGroup of objectsOf(own(group, "nodeGroups"))) {
    for (const member of objectsOf(own(nodeGroup, "nodeGroupMembers"))) {
      out.add("cache-cluster", own(member, "cacheClusterId"), "member");
    }
  }
  const datastore = ownObject(group, "globalReplicationGroupInfo");
  out.add("global-replication-group", own(datastore, "globalReplicationGroupId"), "global-datastore");
};

/** DeleteReplicationGroup: also the user groups it leaves (userGroupIds), whose history it changes. */
export const readDeletedReplicationGroup: ResponseReader = (response, out) => {
  readReplicationGroup(response, out);
  out.addEach("user-group", own(unwrap(response, "replicationGroup"), "userGroupIds"), "user-group");
};

/** DeleteUserGroup: also the users it held (userIds), whose history it changes. */
export const readDeletedUserGroup: ResponseReader = (response, out) => {
  const group = unwrap(response, "userGroup");
  out.add("user-group", own(group, "userGroupId"), "target");
  out.addEach("user", own(group, "userIds"), "user");
};

export const readGlobalReplicationGroup: ResponseReader = (response, out) => {
  const datastore = unwrap(response, "globalReplicationGroup");
  out.add("global-replication-group", own(datastore, "globalReplicationGroupId"), "target");
  // Members live in their own regions; a member's region is what tells two same-named groups apart.
  for (const member of objectsOf(own(datastore, "members"))) {
    const role: ResourceRole = own(member, "role") === "PRIMARY" ? "primary" : "member";
    out.add("replication-group", own(member, "replicationGroupId"), role, {
      region: ownString(member, "replicationGroupRegion"),
    });
  }
};

export const readServerlessCache: ResponseReader = (response, out) => {
  const cache = unwrap(response, "serverlessCache");
  out.add("serverless-cache", own(cache, "serverlessCacheName"), "target");
  out.add("user-group", own(cache, "userGroupId"), "user-group");
};

export const readServerlessSnapshot: ResponseReader = (response, out) => {
  const snapshot = unwrap(response, "serverlessCacheSnapshot");
  out.add("serverless-cache-snapshot", own(snapshot, "serverlessCacheSnapshotName"), "target");
  const config = ownObject(snapshot, "serverlessCacheConfiguration");
  out.add("serverless-cache", own(config, "serverlessCacheName"), "source");
};

export const readSnapshot: ResponseReader = (response, out) => {
  const snapshot = unwrap(response, "snapshot");
  out.add("snapshot", own(snapshot, "snapshotName"), "target");
  out.add("cache-cluster", own(snapshot, "cacheClusterId"), "source");
  out.add("replication-group", own(snapshot, "replicationGroupId"), "source");
};

/** A reader for responses that name just the operation's own resource, wrapped or flat. */
export function readNamed(wrapper: string, field: string, kind: ResourceKind): ResponseReader {
  return (response, out) => out.add(kind, own(unwrap(response, wrapper), field), "target");
}
