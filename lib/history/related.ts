// Events aimed at another resource that still change this one: member clusters created and
// deleted with their replication group, a replication group joining or leaving a global
// datastore, final snapshots taken by a delete. Anything else aimed elsewhere changes nothing
// here (e.g. ModifyCacheCluster naming a parameter group does not change the group).
import type { ResourceKind } from "@/lib/cloudtrail/types";
import type { ConfigBuilder } from "./configuration";
import { resourceObject } from "./kind-naming";
import { mergeCreate } from "./merge";
import { requestedFields } from "./requests";
import { memberRole } from "./node-based-responses";
import type { Configuration } from "./types";
import { applyListDelta, asArray, asRecord, asString, sameId, sortedStrings, type Json } from "./values";

export interface Plan {
  /** The event acts on this resource itself. */
  target: boolean;
  lifecycle?: "create" | "delete";
  run(b: ConfigBuilder, before: Configuration): void;
}

export const NO_PLAN: Plan = { target: false, run: () => undefined };

/** Settings a member cluster inherits from the replication group that creates it. */
const MEMBER_FIELDS = [
  "engine",
  "engineVersion",
  "cacheNodeType",
  "parameterGroup",
  "subnetGroup",
  "securityGroups",
  "cacheSecurityGroups",
  "preferredMaintenanceWindow",
  "port",
  "transitEncryptionEnabled",
  "atRestEncryptionEnabled",
  "authTokenEnabled",
  "autoMinorVersionUpgrade",
  "networkType",
  "ipDiscovery",
];

function groupObject(req: Json, resp: unknown): Json | undefined {
  const id = asString(req.replicationGroupId);
  return id === undefined ? undefined : resourceObject("replication-group", id, resp);
}

function globalObject(resp: unknown): Json | undefined {
  const r = asRecord(resp);
  return asRecord(r?.globalReplicationGroup) ?? (r?.globalReplicationGroupId !== undefined ? r : undefined);
}

function listsId(list: unknown, id: string): boolean {
  return (asArray(list) ?? []).some((x) => sameId(x, id));
}

/** The primary of a single-shard group, from nodeGroupMembers[].currentRole. */
function primaryOf(rg: Json | undefined): string | undefined {
  const groups = asArray(rg?.nodeGroups);
  if (groups?.length !== 1) return undefined;
  for (const m of asArray(asRecord(groups[0])?.nodeGroupMembers) ?? []) {
    const rec = asRecord(m);
    if (rec?.currentRole === "primary") return asString(rec.cacheClusterId);
  }
  return undefined;
}

function createPlan(fields: Record<string, unknown>): Plan {
  return { target: false, lifecycle: "create", run: (b) => mergeCreate(b, fields, null) };
}

const deletePlan: Plan = { target: false, lifecycle: "delete", run: (b) => b.apply("status", "deleted") };

function changePlan(run: (b: ConfigBuilder, before: Configuration) => void): Plan {
  return { target: false, run };
}

function forCluster(id: string, name: string, req: Json, resp: unknown, before: Configuration): Plan | undefined {
  const rg = groupObject(req, resp);
  if (name === "CreateReplicationGroup" && listsId(rg?.memberClusters, id)) {
    const groupFields = requestedFields("replication-group", req);
    const fields: Record<string, unknown> = { replicationGroupId: asString(rg?.replicationGroupId) };
    for (const f of MEMBER_FIELDS) if (groupFields[f] !== undefined) fields[f] = groupFields[f];
    if (req.authToken !== undefined) fields.authTokenEnabled = true;
    for (const f of [
      "engine",
      "cacheNodeType",
      "transitEncryptionEnabled",
      "atRestEncryptionEnabled",
      "authTokenEnabled",
    ]) {
      if (rg?.[f] !== undefined) fields[f] = rg[f];
    }
    fields.status = "creating";
    return createPlan(fields);
  }
  if (name === "DeleteReplicationGroup") {
    const member =
      listsId(rg?.memberClusters, id) ||
      sameId(before.replicationGroupId?.value, asString(req.replicationGroupId) ?? "");
    if (!member) return undefined;
    if (req.retainPrimaryCluster !== true) return deletePlan;
    // The retained primary lives on as a standalone cluster; without knowing which member is
    // the primary, nothing can be said about this one.
    const primary = primaryOf(rg) ?? asString(before.primaryClusterId?.value);
    if (primary === undefined) return undefined;
    return sameId(primary, id) ? changePlan((b) => b.apply("replicationGroupId", null)) : deletePlan;
  }
  if (name === "DecreaseReplicaCount" && listsId(req.replicasToRemove, id)) return deletePlan;
  return undefined;
}

function forReplicationGroup(
  id: string,
  name: string,
  req: Json,
  resp: unknown,
  before: Configuration,
): Plan | undefined {
  const gObj = globalObject(resp);
  const role = memberRole(gObj, id);
  const setBoth = (b: ConfigBuilder, gid: unknown, r: unknown, confirmed: boolean): void => {
    if (confirmed) {
      if (gid !== undefined) b.apply("globalReplicationGroupId", gid);
      b.apply("globalReplicationGroupRole", r);
    } else {
      if (gid !== undefined) b.request("globalReplicationGroupId", gid);
      b.request("globalReplicationGroupRole", r);
    }
  };
  const inGlobal = sameId(before.globalReplicationGroupId?.value, asString(req.globalReplicationGroupId) ?? "");
  if (name === "CreateGlobalReplicationGroup" && sameId(req.primaryReplicationGroupId, id)) {
    const gid = asString(gObj?.globalReplicationGroupId);
    return changePlan((b) => setBoth(b, gid, "primary", true));
  }
  if (name === "DisassociateGlobalReplicationGroup" && sameId(req.replicationGroupId, id)) {
    return changePlan((b) => setBoth(b, null, null, role === null));
  }
  if (name === "FailoverGlobalReplicationGroup") {
    const next = sameId(req.primaryReplicationGroupId, id) ? "primary" : inGlobal ? "secondary" : undefined;
    if (next === undefined) return undefined;
    return changePlan((b) => setBoth(b, undefined, next, role === next));
  }
  if (name === "DeleteGlobalReplicationGroup" && inGlobal) {
    return changePlan((b) => setBoth(b, null, null, false));
  }
  return undefined;
}

export function relatedPlan(
  kind: ResourceKind,
  id: string,
  name: string,
  req: Json,
  resp: unknown,
  before: Configuration,
): Plan | undefined {
  switch (kind) {
    case "cache-cluster":
      return forCluster(id, name, req, resp, before);
    case "replication-group":
      return forReplicationGroup(id, name, req, resp, before);
    case "global-replication-group": {
      const rgId = asString(req.replicationGroupId);
      if (name !== "CreateReplicationGroup" || rgId === undefined || !sameId(req.globalReplicationGroupId, id))
        return undefined;
      return changePlan((b) => {
        const current = sortedStrings(b.value("secondaryReplicationGroupIds")) ?? [];
        b.apply("secondaryReplicationGroupIds", applyListDelta(current, [rgId], []));
      });
    }
    case "snapshot": {
      if (!/^Delete(CacheCluster|ReplicationGroup)$/.test(name) || !sameId(req.finalSnapshotIdentifier, id))
        return undefined;
      const source = name === "DeleteCacheCluster" ? "cacheClusterId" : "replicationGroupId";
      return createPlan({ [source]: asString(req[source]), snapshotSource: "final snapshot", status: "creating" });
    }
    case "serverless-cache-snapshot": {
      if (name !== "DeleteServerlessCache" || !sameId(req.finalSnapshotName, id)) return undefined;
      return createPlan({ serverlessCacheName: asString(req.serverlessCacheName), status: "creating" });
    }
    default:
      return undefined;
  }
}
