// Operation-specific request shapes: parameters that are deltas (add/remove lists), secrets
// that may only be reported as "changed", and calls with no configuration value at all.
import type { ResourceKind } from "@/lib/cloudtrail/types";
import type { ConfigBuilder } from "./configuration";
import { KIND_NAMING } from "./kind-naming";
import { requestedFields } from "./requests";
import type { ChangeStatus, FieldChange } from "./types";
import { applyListDelta, asArray, asNumber, asRecord, asString, sameValue, sortedStrings, type Json } from "./values";

type Fields = Record<string, unknown>;

export interface OpContext {
  kind: ResourceKind;
  resourceId: string;
  req: Json;
  resp: unknown;
}

export interface Shaped {
  requested: Fields;
  /** Changes that have no configuration value behind them. */
  records?: FieldChange[];
  extraPending?: Fields;
  /** Run once the request and response have been merged. */
  after?: (b: ConfigBuilder) => void;
}

export type Shaper = (ctx: OpContext, b: ConfigBuilder) => Shaped;

const currentList = (b: ConfigBuilder, field: string): string[] => sortedStrings(b.value(field)) ?? [];

/** The wrapped-or-flat resource object of the response, whatever its id. */
function responseObject(ctx: OpContext): Json | undefined {
  const resp = asRecord(ctx.resp);
  const { idKey, wrapper } = KIND_NAMING[ctx.kind];
  return resp && resp[idKey] !== undefined ? resp : asRecord(resp?.[wrapper]);
}

/**
 * AUTH token changes (Create/Modify CacheCluster and ReplicationGroup). Only the fact is
 * kept: the token, clear or "***MASKED***", is never read. Strategy defaults to ROTATE when
 * a token comes without one, as the API does; a create can only SET.
 */
function authTokenShape(ctx: OpContext, creating: boolean): { requested: Fields; records: FieldChange[] } {
  const strategy =
    asString(ctx.req.authTokenUpdateStrategy)?.toUpperCase() ??
    (ctx.req.authToken !== undefined ? (creating ? "SET" : "ROTATE") : undefined);
  if (strategy === undefined) return { requested: {}, records: [] };
  const note =
    strategy === "ROTATE" ? "auth token rotated" : strategy === "DELETE" ? "auth token removed" : "auth token set";
  const pendingStatus = asString(asRecord(responseObject(ctx)?.pendingModifiedValues)?.authTokenStatus);
  const status: ChangeStatus =
    pendingStatus !== undefined ? "pending" : creating || ctx.resp !== null ? "applied" : "requested";
  return {
    requested: { authTokenEnabled: strategy !== "DELETE" },
    records: [{ field: "authToken", from: null, to: null, status, note }],
  };
}

function withAuthToken(creating: boolean): Shaper {
  return (ctx) => {
    const auth = authTokenShape(ctx, creating);
    return { requested: { ...requestedFields(ctx.kind, ctx.req), ...auth.requested }, records: auth.records };
  };
}

export const createWithAuthToken = withAuthToken(true);
export const modifyCacheCluster = withAuthToken(false);

export const modifyReplicationGroup: Shaper = (ctx, b) => {
  const shaped = withAuthToken(false)(ctx, b);
  const req = ctx.req;
  if (req.removeUserGroups === true) shaped.requested.userGroupIds = [];
  else if (req.userGroupIdsToAdd !== undefined || req.userGroupIdsToRemove !== undefined) {
    shaped.requested.userGroupIds = applyListDelta(
      currentList(b, "userGroupIds"),
      req.userGroupIdsToAdd,
      req.userGroupIdsToRemove,
    );
  }
  return shaped;
};

/** Online resharding shows up as pendingModifiedValues.resharding, without the target count. */
export const modifyShardConfiguration: Shaper = (ctx) => {
  const requested = requestedFields(ctx.kind, ctx.req);
  const resharding = asRecord(asRecord(responseObject(ctx)?.pendingModifiedValues)?.resharding);
  const extraPending =
    resharding && requested.numNodeGroups !== undefined ? { numNodeGroups: requested.numNodeGroups } : undefined;
  return { requested, extraPending };
};

export const decreaseReplicaCount: Shaper = (ctx, b) => {
  const requested = requestedFields(ctx.kind, ctx.req);
  const toRemove = sortedStrings(ctx.req.replicasToRemove);
  if (toRemove && toRemove.length > 0) {
    const members = currentList(b, "memberClusters");
    if (members.length > 0) requested.memberClusters = applyListDelta(members, [], toRemove);
    const perGroup = asNumber(b.value("replicasPerNodeGroup"));
    // Only with a single shard does a list of removed replicas give the new per-shard count.
    if (requested.replicasPerNodeGroup === undefined && perGroup !== undefined && b.value("numNodeGroups") === 1) {
      requested.replicasPerNodeGroup = Math.max(0, perGroup - toRemove.length);
    }
  }
  return { requested };
};

/**
 * The new primary is chosen by the service and not in the request: record the ask. With one
 * shard of two members the other member is the only one that can be promoted; otherwise the
 * primary is unknown until a response reports the members' roles again.
 */
export const testFailover: Shaper = (ctx, b) => {
  const group = asString(ctx.req.nodeGroupId) ?? "?";
  const singleShard = b.value("numNodeGroups") === 1 || b.value("primaryClusterId") !== undefined;
  const field = singleShard ? "primaryClusterId" : `primaries.${group}`;
  const was = b.value(field);
  return {
    requested: {},
    records: [
      {
        field: "failover",
        from: was ?? null,
        to: null,
        status: "requested",
        note: `test failover of node group ${group}`,
      },
    ],
    after: (after) => {
      // A response that already names another primary said it all.
      if (was === undefined || !sameValue(after.value(field), was)) return;
      const members = currentList(after, "memberClusters");
      const others = members.filter((m) => m !== was);
      if (singleShard && members.length === 2 && others.length === 1) {
        after.apply(field, others[0], "promoted by TestFailover (the only replica)");
      } else {
        after.apply(field, undefined, "failover: new primary not reported");
      }
    },
  };
};

export const modifyServerlessCache: Shaper = (ctx) => {
  const requested = requestedFields(ctx.kind, ctx.req);
  if (ctx.req.removeUserGroup === true) requested.userGroupId = null;
  return { requested };
};

export const disassociateGlobalGroup: Shaper = (ctx, b) => {
  const rg = asString(ctx.req.replicationGroupId);
  const current = sortedStrings(b.value("secondaryReplicationGroupIds"));
  if (rg === undefined || current === undefined) return { requested: {} };
  return { requested: { secondaryReplicationGroupIds: current.filter((id) => id.toLowerCase() !== rg.toLowerCase()) } };
};

export const modifyParameterGroup: Shaper = (ctx) => {
  const requested: Fields = {};
  for (const p of asArray(ctx.req.parameterNameValues) ?? []) {
    const rec = asRecord(p);
    const name = asString(rec?.parameterName);
    if (name !== undefined) requested[`parameters.${name}`] = rec?.parameterValue ?? null;
  }
  return { requested };
};

export const resetParameterGroup: Shaper = (ctx, b) => {
  const requested: Fields = {};
  const records: FieldChange[] = [];
  if (ctx.req.resetAllParameters === true) {
    const known = b.fields().filter((f) => f.startsWith("parameters."));
    for (const f of known) requested[f] = "default";
    if (known.length === 0) {
      records.push({
        field: "parameters.*",
        from: null,
        to: "default",
        status: "applied",
        note: "all parameters reset",
      });
    }
  } else {
    for (const p of asArray(ctx.req.parameterNameValues) ?? []) {
      const name = asString(asRecord(p)?.parameterName);
      if (name !== undefined) requested[`parameters.${name}`] = "default";
    }
  }
  return { requested, records };
};

export const modifyUser: Shaper = (ctx, b) => {
  const requested = requestedFields(ctx.kind, ctx.req);
  const append = asString(ctx.req.appendAccessString);
  if (append !== undefined && requested.accessString === undefined) {
    const base = asString(b.value("accessString"));
    requested.accessString = base ? `${base} ${append}` : append;
  }
  const records: FieldChange[] = [];
  const auth = asRecord(ctx.req.authenticationMode);
  if (ctx.req.passwords !== undefined || auth?.passwords !== undefined) {
    const status: ChangeStatus = ctx.resp !== null ? "applied" : "requested";
    records.push({ field: "passwords", from: null, to: null, status, note: "password changed" });
  }
  return { requested, records };
};

export const modifyUserGroup: Shaper = (ctx, b) => {
  const requested = requestedFields(ctx.kind, ctx.req);
  if (ctx.req.userIdsToAdd !== undefined || ctx.req.userIdsToRemove !== undefined) {
    requested.userIds = applyListDelta(currentList(b, "userIds"), ctx.req.userIdsToAdd, ctx.req.userIdsToRemove);
  }
  return { requested };
};

function ingress(add: boolean): Shaper {
  return (ctx, b) => {
    const owner = asString(ctx.req.eC2SecurityGroupOwnerId) ?? "?";
    const name = asString(ctx.req.eC2SecurityGroupName) ?? "?";
    const entry = `${owner}/${name}`;
    const current = currentList(b, "ec2SecurityGroups");
    const ec2SecurityGroups = add ? applyListDelta(current, [entry], []) : applyListDelta(current, [], [entry]);
    return { requested: { ec2SecurityGroups } };
  };
}

export const authorizeIngress = ingress(true);
export const revokeIngress = ingress(false);

export const removeTags: Shaper = (ctx) => {
  const requested: Fields = {};
  for (const key of asArray(ctx.req.tagKeys) ?? []) if (typeof key === "string") requested[`tags.${key}`] = undefined;
  return { requested };
};

export const nothingRequested: Shaper = () => ({ requested: {} });
