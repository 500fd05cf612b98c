// Cross-resource effects: the one table of calls that change a resource other than the one they
// are aimed at (a ModifyReplicationGroup changes its member clusters, a CreateUserGroup its users…).
// Each row says which operation, which kind of resource it affects, how that resource is named in
// the event, and what the call does to it; `effectPlan` applies the rows while a history is folded
// in time order, and `effectsOf` lists, for the causing side's timeline, what an event did to others.
// docs/configuration-history.md, "Cross-resource effects", is this table in prose (a test keeps them in step).
import type { ResourceKind } from "@/lib/cloudtrail/types";
import type { ConfigBuilder } from "./configuration";
import { resourceObject } from "./kind-naming";
import { mergeCreate, mergeModify } from "./merge";
import { memberRole } from "./node-based-responses";
import { requestedFields } from "./requests";
import { snapshotFromResponse } from "./responses";
import type { Configuration, EffectRef } from "./types";
import {
  applyListDelta,
  asArray,
  asBoolean,
  asRecord,
  asString,
  pluckSorted,
  sameId,
  sortedStrings,
  type Json,
} from "./values";

export interface Plan {
  /** The event acts on this resource itself. */
  target: boolean;
  lifecycle?: "create" | "delete";
  /** For an effect: the resource the event is aimed at (the link on the affected side's timeline). */
  cause?: EffectRef;
  run(b: ConfigBuilder, before: Configuration): void;
}

export const NO_PLAN: Plan = { target: false, run: () => undefined };

type Fields = Record<string, unknown>;

/** What a row sees of one event and the affected resource just before it. */
export interface EffectContext {
  /** The affected resource. */
  id: string;
  req: Json;
  resp: unknown;
  before: Configuration;
  /**
   * The event does not name this resource: its id was derived from the request and what the causing side
   * held (`unnamed` below), and the store linked it so (role `derived`, lib/resources/event-links.ts).
   */
  derived?: boolean;
}

export interface Effect {
  operation: string;
  affects: ResourceKind;
  /** How the affected resource is named in the event (docs). */
  found: string;
  /** What the call does to it (docs). */
  does: string;
  /** The resource the event is aimed at. */
  source(req: Json, resp: unknown): EffectRef | undefined;
  /** Ids of affected resources the event itself names (for the causing side; state-dependent ones are left out). */
  named(req: Json, resp: unknown): string[];
  /** Fields or words the causing side shows for this effect, or [] when the call does nothing of the kind. */
  fields(req: Json, resp: unknown): string[];
  plan(ctx: EffectContext): Plan | undefined;
  /**
   * When the event names none of the resources it affects (a null response): those the causing side can
   * still tell from the request and what it held before the call (`before`: its own configuration).
   */
  unnamed?(req: Json, before: Configuration): UnnamedEffect;
  /** Whether an inferred link (a resource the event does not name) can be known to be affected; default yes. */
  reaches?(req: Json, id: string): boolean;
}

/** Affected resources an event does not name: ids derived from its request, and how many more are not known by name. */
export interface UnnamedEffect {
  ids: string[];
  /** Resources affected whose ids cannot be derived: how many (null: some, how many is not known), 0 when none. */
  unnamed: number | null;
}

// ---------------------------------------------------------------------------------------------
// Readers shared by the rows.

function groupObject(req: Json, resp: unknown): Json | undefined {
  const id = asString(req.replicationGroupId);
  return id === undefined ? undefined : resourceObject("replication-group", id, resp);
}

function globalObject(resp: unknown): Json | undefined {
  const r = asRecord(resp);
  return asRecord(r?.globalReplicationGroup) ?? (r?.globalReplicationGroupId !== undefined ? r : undefined);
}

function userGroupObject(req: Json, resp: unknown): Json | undefined {
  const id = asString(req.userGroupId);
  return id === undefined ? undefined : resourceObject("user-group", id, resp);
}

function serverlessObject(req: Json, resp: unknown): Json | undefined {
  const id = asString(req.serverlessCacheName);
  return id === undefined ? undefined : resourceObject("serverless-cache", id, resp);
}

function listsId(list: unknown, id: string): boolean {
  return (asArray(list) ?? []).some((x) => sameId(x, id));
}

interface MemberFacts {
  nodeGroupId?: string;
  currentRole?: string;
}

/** Members a replication group response lists (memberClusters and nodeGroups[].nodeGroupMembers), with their shard and role. */
function membersOf(rg: Json | undefined): Map<string, MemberFacts> {
  const out = new Map<string, MemberFacts>();
  for (const id of sortedStrings(rg?.memberClusters) ?? []) out.set(id.toLowerCase(), {});
  for (const g of asArray(rg?.nodeGroups) ?? []) {
    const group = asRecord(g);
    const nodeGroupId = asString(group?.nodeGroupId);
    for (const m of asArray(group?.nodeGroupMembers) ?? []) {
      const rec = asRecord(m);
      const id = asString(rec?.cacheClusterId);
      if (id === undefined) continue;
      const facts: MemberFacts = { ...out.get(id.toLowerCase()) };
      if (nodeGroupId !== undefined) facts.nodeGroupId = nodeGroupId;
      const role = asString(rec?.currentRole);
      if (role !== undefined) facts.currentRole = role.toLowerCase();
      out.set(id.toLowerCase(), facts);
    }
  }
  return out;
}

const memberIds = (req: Json, resp: unknown): string[] => [...membersOf(groupObject(req, resp)).keys()].sort();

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

/** Generated member ids are `<group>-<shard>-<nnn>` in cluster mode: the shard when the history does not say. */
function shardOf(id: string, rgId: string, before: Configuration): string | undefined {
  const known = asString(before.nodeGroupId?.value);
  if (known !== undefined) return known;
  const m = new RegExp(`^${rgId.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-(\\d{4})-\\d{3}$`, "i").exec(id);
  return m?.[1];
}

/** Exists as far as this history knows: something was learnt of it and it was not deleted. */
const exists = (before: Configuration) => Object.keys(before).length > 0 && before.status?.value !== "deleted";

const bySource =
  (kind: ResourceKind, param: string) =>
  (req: Json): EffectRef | undefined => {
    const id = asString(req[param]);
    return id === undefined ? undefined : { kind, resourceId: id };
  };

function plan(source: EffectRef | undefined, run: Plan["run"], lifecycle?: "create" | "delete"): Plan {
  const p: Plan = { target: false, run };
  if (lifecycle) p.lifecycle = lifecycle;
  if (source) p.cause = source;
  return p;
}

// ---------------------------------------------------------------------------------------------
// Replication group → member clusters.

/** Settings a member cluster takes from its replication group when the group is created. */
const INHERITED = [
  "engine",
  "engineVersion",
  "cacheNodeType",
  "parameterGroup",
  "subnetGroup",
  "securityGroups",
  "cacheSecurityGroups",
  "preferredMaintenanceWindow",
  "snapshotRetentionLimit",
  "snapshotWindow",
  "port",
  "transitEncryptionEnabled",
  "transitEncryptionMode",
  "atRestEncryptionEnabled",
  "authTokenEnabled",
  "autoMinorVersionUpgrade",
  "notificationTopicArn",
  "networkType",
  "ipDiscovery",
];

/** Settings a ModifyReplicationGroup changes on every member from the call's time. */
export const PROPAGATED = INHERITED.filter((f) => f !== "subnetGroup" && f !== "port" && f !== "networkType");

/** What a group response reports that a member shares (replication group responses carry these). */
const REPORTED_SHARED = [
  "engine",
  "cacheNodeType",
  "transitEncryptionEnabled",
  "transitEncryptionMode",
  "atRestEncryptionEnabled",
  "authTokenEnabled",
  "autoMinorVersionUpgrade",
  "snapshotRetentionLimit",
  "snapshotWindow",
  "ipDiscovery",
];

/** The shard and role a group response reports for this member. */
function memberPlacement(b: ConfigBuilder, facts: MemberFacts | undefined): void {
  if (facts?.nodeGroupId !== undefined) b.apply("nodeGroupId", facts.nodeGroupId);
  if (facts?.currentRole !== undefined) b.apply("currentRole", facts.currentRole);
}

function groupReported(req: Json, resp: unknown): Fields {
  const rg = groupObject(req, resp);
  const out: Fields = {};
  if (!rg) return out;
  const snap = snapshotFromResponse("replication-group", asString(req.replicationGroupId) ?? "", resp, {});
  for (const f of REPORTED_SHARED) if (snap?.fields[f] !== undefined) out[f] = snap.fields[f];
  return out;
}

/** A member that a group call brings into being: the group's settings as far as the event shows them. */
function memberCreate(req: Json, resp: unknown, id: string, fromRequest: boolean): Plan["run"] {
  return (b) => {
    const fields: Fields = {
      replicationGroupId: asString(groupObject(req, resp)?.replicationGroupId) ?? req.replicationGroupId,
    };
    if (fromRequest) {
      const asked = requestedFields("replication-group", req);
      for (const f of INHERITED) if (asked[f] !== undefined) fields[f] = asked[f];
      if (req.authToken !== undefined) fields.authTokenEnabled = true;
    }
    Object.assign(fields, groupReported(req, resp));
    fields.status = "creating";
    mergeCreate(b, fields, null);
    const rgId = asString(req.replicationGroupId) ?? "";
    const shard = shardOf(id, rgId, {});
    memberPlacement(
      b,
      membersOf(groupObject(req, resp)).get(id.toLowerCase()) ?? (shard ? { nodeGroupId: shard } : {}),
    );
  };
}

/** ModifyReplicationGroup's member-wide settings, with the group call's own rules (pending, applied, requested). */
function propagatedRequest(req: Json): { requested: Fields; auth?: string } {
  const asked = requestedFields("replication-group", req);
  const requested: Fields = {};
  for (const f of PROPAGATED) if (asked[f] !== undefined) requested[f] = asked[f];
  const strategy =
    asString(req.authTokenUpdateStrategy)?.toUpperCase() ?? (req.authToken !== undefined ? "ROTATE" : undefined);
  if (strategy === undefined) return { requested };
  requested.authTokenEnabled = strategy !== "DELETE";
  const auth =
    strategy === "ROTATE" ? "auth token rotated" : strategy === "DELETE" ? "auth token removed" : "auth token set";
  return { requested, auth };
}

function memberModify(req: Json, resp: unknown, id: string): Plan["run"] {
  return (b) => {
    const { requested, auth } = propagatedRequest(req);
    const snap = snapshotFromResponse("replication-group", asString(req.replicationGroupId) ?? "", resp, {});
    const fields: Fields = {};
    const pending: Fields = {};
    for (const f of Object.keys(requested)) {
      if (snap?.fields[f] !== undefined) fields[f] = snap.fields[f];
      if (snap?.pending?.[f] !== undefined) pending[f] = snap.pending[f];
    }
    // The group's pending values are passed as extra pending, so the member's own pending values are not dropped.
    mergeModify(b, {
      requested,
      snapshot: { fields, pending: null, complete: [] },
      applyImmediately: asBoolean(req.applyImmediately),
      synchronous: false,
      extraPending: Object.keys(pending).length > 0 ? pending : undefined,
    });
    if (auth !== undefined) {
      const tokenPending = asRecord(groupObject(req, resp)?.pendingModifiedValues)?.authTokenStatus !== undefined;
      b.record({
        field: "authToken",
        from: null,
        to: null,
        status: tokenPending ? "pending" : resp === null ? "requested" : "applied",
        note: auth,
      });
    }
    memberPlacement(b, membersOf(groupObject(req, resp)).get(id.toLowerCase()));
  };
}

const groupSource = bySource("replication-group", "replicationGroupId");

const listedMember = (ctx: EffectContext) => membersOf(groupObject(ctx.req, ctx.resp)).has(ctx.id.toLowerCase());

const isMemberOf = (ctx: EffectContext) =>
  listedMember(ctx) ||
  ctx.derived === true ||
  sameId(ctx.before.replicationGroupId?.value, asString(ctx.req.replicationGroupId) ?? "");

/** Members created by a scaling call: listed by its response (or derived from its request) and not known to exist before. */
function scalingCreates(ctx: EffectContext): Plan | undefined {
  if (!(listedMember(ctx) || ctx.derived === true) || exists(ctx.before)) return undefined;
  return plan(groupSource(ctx.req), memberCreate(ctx.req, ctx.resp, ctx.id, false), "create");
}

/** Members of one shard in a group response (the only shard when `nodeGroupId` is not given). */
function shardMembers(rg: Json | undefined, nodeGroupId: string | undefined): string[] | undefined {
  const groups = (asArray(rg?.nodeGroups) ?? []).map(asRecord);
  const shard = groups.length === 1 ? groups[0] : groups.find((g) => sameId(g?.nodeGroupId, nodeGroupId ?? ""));
  return pluckSorted(shard?.nodeGroupMembers, "cacheClusterId");
}

/**
 * TestFailover: the response is the shard as the call found it, so a role it reports unchanged says
 * nothing. With two members in the shard, they swap; with more, which replica is promoted is not known.
 */
function failoverRole(ctx: EffectContext): Plan | undefined {
  const rg = groupObject(ctx.req, ctx.resp);
  const facts = membersOf(rg).get(ctx.id.toLowerCase());
  if (!facts || !exists(ctx.before)) return undefined;
  const was = ctx.before.currentRole?.value;
  const shard = shardMembers(rg, asString(ctx.req.nodeGroupId));
  if (!shard?.some((m) => sameId(m, ctx.id))) return undefined;
  return plan(groupSource(ctx.req), (b) => {
    if (facts.currentRole !== undefined && facts.currentRole !== was) return memberPlacement(b, facts);
    if (was === undefined) return;
    if (shard.length === 2) {
      b.apply("currentRole", was === "primary" ? "replica" : "primary", "TestFailover (the only replica promoted)");
    } else if (was === "primary") {
      b.apply("currentRole", "replica", "TestFailover");
    } else {
      b.apply("currentRole", undefined, "failover: new primary not reported");
    }
  });
}

function removedShards(req: Json): { remove: string[] | undefined; retain: string[] | undefined } {
  return { remove: sortedStrings(req.nodeGroupsToRemove), retain: sortedStrings(req.nodeGroupsToRetain) };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Members an IncreaseReplicaCount whose response lists none added, from its request (`newReplicaCount` for
 * every shard, or `replicaConfiguration[].newReplicaCount` per shard) and the members the group held just
 * before. AWS numbers a group's members `<group>-001`… (cluster mode: `<group>-<shard>-001`…); when the
 * members held in a shard are exactly 001…k, the added ones are k+1… and their ids are derived. Otherwise
 * (a gap left by a removed replica, ids not in that form, members not known) only how many, or not even that.
 */
export function addedReplicas(req: Json, before: Configuration): UnnamedEffect {
  const rgId = asString(req.replicationGroupId);
  const held = sortedStrings(before.memberClusters?.value);
  const perShard = new Map<string | null, number>();
  const config = asArray(req.replicaConfiguration);
  if (config) {
    for (const c of config) {
      const shard = asString(asRecord(c)?.nodeGroupId);
      const count = asRecord(c)?.newReplicaCount;
      if (shard !== undefined && typeof count === "number") perShard.set(shard, count);
    }
  } else if (typeof req.newReplicaCount === "number") perShard.set(null, req.newReplicaCount);
  if (rgId === undefined || perShard.size === 0) return { ids: [], unnamed: null };
  if (held === undefined) return { ids: [], unnamed: null };
  const rg = escapeRe(rgId);
  const single = new RegExp(`^${rg}-(\\d{3})$`, "i");
  const clustered = new RegExp(`^${rg}-(\\d{4})-(\\d{3})$`, "i");
  // Members held, by shard (null: a group without cluster mode).
  const shards = new Map<string | null, number[]>();
  let irregular = false;
  for (const id of held) {
    const c = clustered.exec(id);
    const m = c ? null : single.exec(id);
    if (!c && !m) irregular = true;
    const shard = c ? c[1]! : null;
    shards.set(shard, [...(shards.get(shard) ?? []), c ? Number(c[2]) : m ? Number(m[1]) : NaN]);
  }
  // newReplicaCount of a cluster-mode group applies to every shard.
  if (perShard.has(null) && !shards.has(null) && shards.size > 0) {
    const count = perShard.get(null)!;
    perShard.clear();
    for (const shard of shards.keys()) perShard.set(shard, count);
  }
  const ids: string[] = [];
  let unnamed = 0;
  for (const [shard, replicas] of perShard) {
    const numbers = (shards.get(shard) ?? []).sort((a, b) => a - b);
    const adding = replicas + 1 - numbers.length;
    if (adding <= 0) continue;
    const contiguous = numbers.length > 0 && numbers.every((n, i) => n === i + 1);
    if (irregular || !contiguous) {
      unnamed += adding;
      continue;
    }
    for (let n = numbers.length + 1; n <= replicas + 1; n++) {
      const seq = String(n).padStart(3, "0");
      ids.push(shard === null ? `${rgId}-${seq}` : `${rgId}-${shard}-${seq}`);
    }
  }
  return { ids: ids.sort(), unnamed };
}

const seq = (n: number, width: number) => String(n).padStart(width, "0");

/**
 * Members a CreateReplicationGroup whose response lists none created, from its request: AWS numbers them
 * `<group>-001`…`-00n` for `numCacheClusters` n (cluster mode disabled), `<group>-<shard>-001`… per shard in
 * cluster mode (`numNodeGroups` shards `0001`… of `replicasPerNodeGroup` + 1 nodes, or `nodeGroupConfiguration`
 * with its shard ids and replica counts). A group built around an existing cluster (primaryClusterId), or a
 * request that does not say how many nodes: some created, not named.
 */
export function createdMembers(req: Json): UnnamedEffect {
  const rgId = asString(req.replicationGroupId);
  if (rgId === undefined || req.primaryClusterId !== undefined) return { ids: [], unnamed: null };
  const perGroup = typeof req.replicasPerNodeGroup === "number" ? req.replicasPerNodeGroup : undefined;
  const config = asArray(req.nodeGroupConfiguration);
  const ids: string[] = [];
  if (config && config.length > 0) {
    for (const [i, c] of config.entries()) {
      const rec = asRecord(c);
      const shard = asString(rec?.nodeGroupId) ?? seq(i + 1, 4);
      const replicas =
        typeof rec?.replicaCount === "number"
          ? rec.replicaCount
          : (asArray(rec?.replicaAvailabilityZones)?.length ?? perGroup);
      if (replicas === undefined || !/^\d{4}$/.test(shard)) return { ids: [], unnamed: null };
      for (let n = 1; n <= replicas + 1; n++) ids.push(`${rgId}-${shard}-${seq(n, 3)}`);
    }
  } else if (typeof req.numNodeGroups === "number") {
    if (perGroup === undefined) return { ids: [], unnamed: null };
    for (let s = 1; s <= req.numNodeGroups; s++)
      for (let n = 1; n <= perGroup + 1; n++) ids.push(`${rgId}-${seq(s, 4)}-${seq(n, 3)}`);
  } else if (typeof req.numCacheClusters === "number" && perGroup === undefined) {
    for (let n = 1; n <= req.numCacheClusters; n++) ids.push(`${rgId}-${seq(n, 3)}`);
  } else return { ids: [], unnamed: null };
  return { ids: ids.sort(), unnamed: 0 };
}

/**
 * A resharding whose response lists no member: the members the group held (just before the call) in the
 * shards it removes, and the members of new shards the request names (`reshardingConfiguration[].nodeGroupId`
 * not held, `preferredAvailabilityZones` one per node, else the group's replicasPerNodeGroup + 1). New shards
 * the request does not name (AWS numbers them): some created, not named.
 */
export function reshardedMembers(req: Json, before: Configuration): UnnamedEffect {
  const rgId = asString(req.replicationGroupId);
  if (rgId === undefined) return { ids: [], unnamed: null };
  const held = sortedStrings(before.memberClusters?.value);
  const { remove, retain } = removedShards(req);
  if (remove || retain) {
    const gone = (held ?? []).filter((id) => {
      const shard = shardOf(id, rgId, {});
      return shard !== undefined && (remove ? remove.includes(shard) : !retain!.includes(shard));
    });
    return { ids: gone, unnamed: 0 };
  }
  const known = before.numNodeGroups?.value;
  const wanted = req.nodeGroupCount;
  const grows = typeof wanted === "number" && (typeof known !== "number" || wanted > known);
  if (!grows) return { ids: [], unnamed: 0 };
  const heldShards = new Set((held ?? []).map((id) => shardOf(id, rgId, {})).filter((s) => s !== undefined));
  const perGroup = before.replicasPerNodeGroup?.value;
  const ids: string[] = [];
  let named = 0;
  for (const c of asArray(req.reshardingConfiguration) ?? []) {
    const rec = asRecord(c);
    const shard = asString(rec?.nodeGroupId);
    if (shard === undefined || !/^\d{4}$/.test(shard) || heldShards.has(shard)) continue;
    const zones = asArray(rec?.preferredAvailabilityZones)?.length;
    const nodes = zones !== undefined && zones > 0 ? zones : typeof perGroup === "number" ? perGroup + 1 : undefined;
    if (nodes === undefined) continue;
    named += 1;
    for (let n = 1; n <= nodes; n++) ids.push(`${rgId}-${shard}-${seq(n, 3)}`);
  }
  // Only a held member list tells which shards are new; and every new shard must be named to be complete.
  const adding = typeof known === "number" ? wanted - known : undefined;
  if (held === undefined) return { ids: [], unnamed: null };
  return { ids: ids.sort(), unnamed: adding !== undefined && named >= adding ? 0 : null };
}

/** A resharding's effect on a member the event does not name: only when the member's shard (from its id) is removed. */
function reshardReaches(req: Json, id: string): boolean {
  const rgId = asString(req.replicationGroupId);
  const { remove, retain } = removedShards(req);
  if (rgId === undefined || (!remove && !retain)) return false;
  const shard = shardOf(id, rgId, {});
  return shard !== undefined && (remove ? remove.includes(shard) : !retain!.includes(shard));
}

const deleteMember = (source: EffectRef | undefined) => plan(source, (b) => b.apply("status", "deleted"), "delete");

const MEMBER_ROWS: Effect[] = [
  {
    operation: "CreateReplicationGroup",
    affects: "cache-cluster",
    found:
      "response memberClusters / nodeGroups members; request primaryClusterId; with a null response, ids derived " +
      "from the request (numCacheClusters, numNodeGroups and replicasPerNodeGroup, nodeGroupConfiguration)",
    does:
      "starts the member's lifecycle with the group's engine, version, node type, groups, window, snapshot, " +
      "auth and encryption settings, shard and role when reported; an existing primaryClusterId joins the group as primary",
    source: groupSource,
    named: memberIds,
    fields: () => ["created"],
    plan: (ctx) => {
      // A group built around an existing cluster (primaryClusterId): that cluster joins it, it is not created.
      if (sameId(ctx.req.primaryClusterId, ctx.id)) {
        return plan(groupSource(ctx.req), (b) => {
          b.apply("replicationGroupId", asString(ctx.req.replicationGroupId));
          memberPlacement(b, {
            currentRole: "primary",
            ...membersOf(groupObject(ctx.req, ctx.resp)).get(ctx.id.toLowerCase()),
          });
        });
      }
      return listedMember(ctx) || ctx.derived === true
        ? plan(groupSource(ctx.req), memberCreate(ctx.req, ctx.resp, ctx.id, true), "create")
        : undefined;
    },
    unnamed: (req) => createdMembers(req),
  },
  {
    operation: "ModifyReplicationGroup",
    affects: "cache-cluster",
    found: "response members, or the group the member belongs to",
    does:
      `${PROPAGATED.join(", ")} and auth token changes, from the call's time, with the group call's status ` +
      "(pending, applied, requested); role when reported",
    source: groupSource,
    named: memberIds,
    fields: (req) => {
      const { requested, auth } = propagatedRequest(req);
      return [
        ...Object.keys(requested).filter((f) => f !== "authTokenEnabled" || auth === undefined),
        ...(auth ? ["authToken"] : []),
      ];
    },
    plan: (ctx) => (isMemberOf(ctx) ? plan(groupSource(ctx.req), memberModify(ctx.req, ctx.resp, ctx.id)) : undefined),
  },
  {
    operation: "IncreaseReplicaCount",
    affects: "cache-cluster",
    found:
      "response members; with a null response, ids derived from the request (newReplicaCount / replicaConfiguration)",
    does:
      "starts the lifecycle of a member not known before (node type, engine, encryption and auth as the response " +
      "reports), a derived one's too; when ids cannot be derived the group's page says how many were added unnamed",
    source: groupSource,
    named: memberIds,
    fields: () => ["created"],
    plan: (ctx) => scalingCreates(ctx),
    unnamed: addedReplicas,
  },
  {
    operation: "ModifyReplicationGroupShardConfiguration",
    affects: "cache-cluster",
    found:
      "response members; with a null response, ids derived from the members held in removed shards and the new " +
      "shards the request names (reshardingConfiguration)",
    does:
      "starts the lifecycle of a member of a new shard; ends the lifecycle of a member of a shard in " +
      "nodeGroupsToRemove (or not in nodeGroupsToRetain)",
    source: groupSource,
    named: memberIds,
    fields: (req) => {
      const { remove, retain } = removedShards(req);
      return remove || retain ? ["created", "deleted"] : ["created"];
    },
    reaches: reshardReaches,
    unnamed: reshardedMembers,
    plan: (ctx) => {
      const rgId = asString(ctx.req.replicationGroupId);
      const { remove, retain } = removedShards(ctx.req);
      if (rgId !== undefined && (remove || retain)) {
        const shard = shardOf(ctx.id, rgId, ctx.before);
        const gone = shard !== undefined && (remove ? remove.includes(shard) : !retain!.includes(shard));
        // A member of a removed shard ends (when it existed); it is never created by its shard's removal.
        if (gone) return isMemberOf(ctx) && exists(ctx.before) ? deleteMember(groupSource(ctx.req)) : undefined;
      }
      return scalingCreates(ctx);
    },
  },
  {
    operation: "DecreaseReplicaCount",
    affects: "cache-cluster",
    found: "request replicasToRemove",
    does: "ends the member's lifecycle",
    source: groupSource,
    named: (req) => sortedStrings(req.replicasToRemove) ?? [],
    fields: () => ["deleted"],
    plan: (ctx) => (listsId(ctx.req.replicasToRemove, ctx.id) ? deleteMember(groupSource(ctx.req)) : undefined),
  },
  {
    operation: "TestFailover",
    affects: "cache-cluster",
    found: "response members",
    does:
      "the member's role: with two members in the shard they swap, with more the primary becomes a replica " +
      "and the replicas' roles unknown, unless the response reports a new role",
    source: groupSource,
    named: memberIds,
    fields: () => ["currentRole"],
    plan: failoverRole,
  },
  {
    operation: "DeleteReplicationGroup",
    affects: "cache-cluster",
    found: "response members, or the group the member belongs to",
    does: "ends every member's lifecycle; with retainPrimaryCluster the primary (when known) lives on, outside the group",
    source: groupSource,
    named: memberIds,
    fields: () => ["deleted"],
    plan: (ctx) => {
      if (!isMemberOf(ctx)) return undefined;
      const source = groupSource(ctx.req);
      if (ctx.req.retainPrimaryCluster !== true) return deleteMember(source);
      // The retained primary lives on as a standalone cluster; without knowing which member is
      // the primary, nothing can be said about this one.
      const rg = groupObject(ctx.req, ctx.resp);
      const primary = primaryOf(rg) ?? (ctx.before.currentRole?.value === "primary" ? ctx.id : undefined);
      if (primary === undefined) return undefined;
      return sameId(primary, ctx.id) ? plan(source, (b) => b.apply("replicationGroupId", null)) : deleteMember(source);
    },
  },
];

// ---------------------------------------------------------------------------------------------
// User groups ↔ users, and replication groups / serverless caches ↔ user groups.

const userGroupSource = bySource("user-group", "userGroupId");

function membership(field: string, add: boolean, id: string): Plan["run"] {
  return (b) => {
    const current = sortedStrings(b.value(field)) ?? [];
    b.apply(field, add ? applyListDelta(current, [id], []) : applyListDelta(current, [], [id]));
  };
}

/** Users a user group response lists (DeleteUserGroup reports them as they were). */
const usersOfResponse = (req: Json, resp: unknown) => sortedStrings(userGroupObject(req, resp)?.userIds) ?? [];

const USER_ROWS: Effect[] = [
  {
    operation: "CreateUserGroup",
    affects: "user",
    found: "request userIds",
    does: "adds the group to the user's userGroupIds",
    source: userGroupSource,
    named: (req) => sortedStrings(req.userIds) ?? [],
    fields: () => ["userGroupIds"],
    plan: (ctx) => {
      const gid = asString(ctx.req.userGroupId);
      if (gid === undefined || !listsId(ctx.req.userIds, ctx.id)) return undefined;
      return plan(userGroupSource(ctx.req), membership("userGroupIds", true, gid));
    },
  },
  {
    operation: "ModifyUserGroup",
    affects: "user",
    found: "request userIdsToAdd / userIdsToRemove",
    does: "adds the group to, or removes it from, the user's userGroupIds",
    source: userGroupSource,
    named: (req) => [...(sortedStrings(req.userIdsToAdd) ?? []), ...(sortedStrings(req.userIdsToRemove) ?? [])].sort(),
    fields: () => ["userGroupIds"],
    plan: (ctx) => {
      const gid = asString(ctx.req.userGroupId);
      if (gid === undefined) return undefined;
      const add = listsId(ctx.req.userIdsToAdd, ctx.id);
      if (!add && !listsId(ctx.req.userIdsToRemove, ctx.id)) return undefined;
      return plan(userGroupSource(ctx.req), membership("userGroupIds", add, gid));
    },
  },
  {
    operation: "DeleteUserGroup",
    affects: "user",
    found: "response userIds, or the user's own userGroupIds",
    does: "removes the group from the user's userGroupIds",
    source: userGroupSource,
    named: usersOfResponse,
    fields: () => ["userGroupIds"],
    plan: (ctx) => {
      const gid = asString(ctx.req.userGroupId);
      if (gid === undefined) return undefined;
      const member =
        listsId(usersOfResponse(ctx.req, ctx.resp), ctx.id) || listsId(ctx.before.userGroupIds?.value, gid);
      return member ? plan(userGroupSource(ctx.req), membership("userGroupIds", false, gid)) : undefined;
    },
  },
  {
    operation: "CreateReplicationGroup",
    affects: "user-group",
    found: "request userGroupIds",
    does: "adds the replication group to the user group's replicationGroups",
    source: groupSource,
    named: (req) => sortedStrings(req.userGroupIds) ?? [],
    fields: () => ["replicationGroups"],
    plan: (ctx) => {
      const rg = asString(ctx.req.replicationGroupId);
      if (rg === undefined || !listsId(ctx.req.userGroupIds, ctx.id)) return undefined;
      return plan(groupSource(ctx.req), membership("replicationGroups", true, rg));
    },
  },
  {
    operation: "ModifyReplicationGroup",
    affects: "user-group",
    found: "request userGroupIdsToAdd / userGroupIdsToRemove",
    does: "adds the replication group to, or removes it from, the user group's replicationGroups",
    source: groupSource,
    named: (req) =>
      [...(sortedStrings(req.userGroupIdsToAdd) ?? []), ...(sortedStrings(req.userGroupIdsToRemove) ?? [])].sort(),
    fields: () => ["replicationGroups"],
    plan: (ctx) => {
      const rg = asString(ctx.req.replicationGroupId);
      if (rg === undefined) return undefined;
      const add = listsId(ctx.req.userGroupIdsToAdd, ctx.id);
      if (!add && !listsId(ctx.req.userGroupIdsToRemove, ctx.id)) return undefined;
      return plan(groupSource(ctx.req), membership("replicationGroups", add, rg));
    },
  },
  {
    operation: "DeleteReplicationGroup",
    affects: "user-group",
    found: "response userGroupIds, or the user group's own replicationGroups",
    does: "removes the replication group from the user group's replicationGroups",
    source: groupSource,
    named: (req, resp) => sortedStrings(groupObject(req, resp)?.userGroupIds) ?? [],
    fields: () => ["replicationGroups"],
    plan: (ctx) => {
      const rg = asString(ctx.req.replicationGroupId);
      if (rg === undefined) return undefined;
      const listed =
        listsId(groupObject(ctx.req, ctx.resp)?.userGroupIds, ctx.id) ||
        listsId(ctx.before.replicationGroups?.value, rg);
      return listed ? plan(groupSource(ctx.req), membership("replicationGroups", false, rg)) : undefined;
    },
  },
  ...(["CreateServerlessCache", "ModifyServerlessCache", "DeleteServerlessCache"] as const).map((operation): Effect => {
    const source = bySource("serverless-cache", "serverlessCacheName");
    const adds = operation !== "DeleteServerlessCache";
    const named = (req: Json, resp: unknown): string[] => {
      const id = adds
        ? (asString(req.userGroupId) ?? asString(serverlessObject(req, resp)?.userGroupId))
        : asString(serverlessObject(req, resp)?.userGroupId);
      return id === undefined ? [] : [id];
    };
    return {
      operation,
      affects: "user-group",
      found:
        operation === "CreateServerlessCache"
          ? "request userGroupId"
          : operation === "ModifyServerlessCache"
            ? "request userGroupId; the group it leaves: inferred (it held the cache)"
            : "response userGroupId, or the user group's own serverlessCaches",
      does:
        operation === "CreateServerlessCache"
          ? "adds the serverless cache to the user group's serverlessCaches"
          : operation === "ModifyServerlessCache"
            ? "adds the serverless cache to the user group's serverlessCaches; removes it from the group it leaves " +
              "(another userGroupId, or removeUserGroup)"
            : "removes the serverless cache from the user group's serverlessCaches",
      source,
      named,
      fields: (req, resp) => (named(req, resp).length > 0 ? ["serverlessCaches"] : []),
      plan: (ctx) => {
        const name = asString(ctx.req.serverlessCacheName);
        if (name === undefined) return undefined;
        const listed = named(ctx.req, ctx.resp).some((g) => sameId(g, ctx.id));
        const holds = listsId(ctx.before.serverlessCaches?.value, name);
        if (operation === "CreateServerlessCache") {
          return listed ? plan(source(ctx.req), membership("serverlessCaches", true, name)) : undefined;
        }
        if (operation === "ModifyServerlessCache") {
          if (listed) return plan(source(ctx.req), membership("serverlessCaches", true, name));
          // Moved to another user group, or out of any: the group it leaves is never named (an inferred link brings it here).
          const leaves = holds && (asString(ctx.req.userGroupId) !== undefined || ctx.req.removeUserGroup === true);
          return leaves ? plan(source(ctx.req), membership("serverlessCaches", false, name)) : undefined;
        }
        return listed || holds ? plan(source(ctx.req), membership("serverlessCaches", false, name)) : undefined;
      },
    };
  }),
];

// ---------------------------------------------------------------------------------------------
// Global datastores ↔ regional replication groups.

const globalSource = (req: Json, resp: unknown): EffectRef | undefined => {
  const id = asString(globalObject(resp)?.globalReplicationGroupId) ?? asString(req.globalReplicationGroupId);
  return id === undefined ? undefined : { kind: "global-replication-group", resourceId: id };
};

function setGlobal(b: ConfigBuilder, gid: unknown, role: unknown, confirmed: boolean): void {
  if (confirmed) {
    if (gid !== undefined) b.apply("globalReplicationGroupId", gid);
    b.apply("globalReplicationGroupRole", role);
  } else {
    if (gid !== undefined) b.request("globalReplicationGroupId", gid);
    b.request("globalReplicationGroupRole", role);
  }
}

const inGlobal = (ctx: EffectContext) =>
  sameId(ctx.before.globalReplicationGroupId?.value, asString(ctx.req.globalReplicationGroupId) ?? "");

const GLOBAL_ROWS: Effect[] = [
  {
    operation: "CreateGlobalReplicationGroup",
    affects: "replication-group",
    found: "request primaryReplicationGroupId",
    does: "globalReplicationGroupId set, role primary",
    source: globalSource,
    named: (req) => [asString(req.primaryReplicationGroupId)].filter((x) => x !== undefined),
    fields: () => ["globalReplicationGroupId", "globalReplicationGroupRole"],
    plan: (ctx) => {
      if (!sameId(ctx.req.primaryReplicationGroupId, ctx.id)) return undefined;
      const gid = asString(globalObject(ctx.resp)?.globalReplicationGroupId);
      return plan(globalSource(ctx.req, ctx.resp), (b) => setGlobal(b, gid, "primary", true));
    },
  },
  {
    operation: "CreateReplicationGroup",
    affects: "global-replication-group",
    found: "request globalReplicationGroupId",
    does: "adds the group to secondaryReplicationGroupIds",
    source: groupSource,
    named: (req) => [asString(req.globalReplicationGroupId)].filter((x) => x !== undefined),
    fields: () => ["secondaryReplicationGroupIds"],
    plan: (ctx) => {
      const rgId = asString(ctx.req.replicationGroupId);
      if (rgId === undefined || !sameId(ctx.req.globalReplicationGroupId, ctx.id)) return undefined;
      return plan(groupSource(ctx.req), membership("secondaryReplicationGroupIds", true, rgId));
    },
  },
  {
    operation: "DisassociateGlobalReplicationGroup",
    affects: "replication-group",
    found: "request replicationGroupId",
    does: "globalReplicationGroupId and role → none (requested until a response no longer lists the group)",
    source: globalSource,
    named: (req) => [asString(req.replicationGroupId)].filter((x) => x !== undefined),
    fields: () => ["globalReplicationGroupId"],
    plan: (ctx) => {
      if (!sameId(ctx.req.replicationGroupId, ctx.id)) return undefined;
      const role = memberRole(globalObject(ctx.resp), ctx.id);
      return plan(globalSource(ctx.req, ctx.resp), (b) => setGlobal(b, null, null, role === null));
    },
  },
  {
    operation: "FailoverGlobalReplicationGroup",
    affects: "replication-group",
    found: "request primaryReplicationGroupId, or membership of the datastore",
    does: "role primary for the named group, secondary for the others (requested until a response shows it)",
    source: globalSource,
    named: (req) => [asString(req.primaryReplicationGroupId)].filter((x) => x !== undefined),
    fields: () => ["globalReplicationGroupRole"],
    plan: (ctx) => {
      const next = sameId(ctx.req.primaryReplicationGroupId, ctx.id)
        ? "primary"
        : inGlobal(ctx)
          ? "secondary"
          : undefined;
      if (next === undefined) return undefined;
      const role = memberRole(globalObject(ctx.resp), ctx.id);
      return plan(globalSource(ctx.req, ctx.resp), (b) => setGlobal(b, undefined, next, role === next));
    },
  },
  {
    operation: "DeleteGlobalReplicationGroup",
    affects: "replication-group",
    found: "membership of the datastore (its own globalReplicationGroupId)",
    does: "globalReplicationGroupId and role → none (requested)",
    source: globalSource,
    named: () => [],
    fields: () => ["globalReplicationGroupId"],
    plan: (ctx) =>
      inGlobal(ctx) ? plan(globalSource(ctx.req, ctx.resp), (b) => setGlobal(b, null, null, false)) : undefined,
  },
];

// ---------------------------------------------------------------------------------------------
// Snapshots ↔ their source.

const SNAPSHOT_ROWS: Effect[] = [
  ...(["DeleteCacheCluster", "DeleteReplicationGroup"] as const).map((operation): Effect => {
    const sourceParam = operation === "DeleteCacheCluster" ? "cacheClusterId" : "replicationGroupId";
    const source = bySource(operation === "DeleteCacheCluster" ? "cache-cluster" : "replication-group", sourceParam);
    return {
      operation,
      affects: "snapshot",
      found: "request finalSnapshotIdentifier",
      does: `starts the final snapshot's lifecycle (${sourceParam}, snapshotSource "final snapshot")`,
      source,
      named: (req) => [asString(req.finalSnapshotIdentifier)].filter((x) => x !== undefined),
      fields: () => ["created"],
      plan: (ctx) => {
        if (!sameId(ctx.req.finalSnapshotIdentifier, ctx.id)) return undefined;
        const fields = {
          [sourceParam]: asString(ctx.req[sourceParam]),
          snapshotSource: "final snapshot",
          status: "creating",
        };
        return plan(source(ctx.req), (b) => mergeCreate(b, fields, null), "create");
      },
    };
  }),
  {
    operation: "DeleteServerlessCache",
    affects: "serverless-cache-snapshot",
    found: "request finalSnapshotName",
    does: "starts the final snapshot's lifecycle (serverlessCacheName)",
    source: bySource("serverless-cache", "serverlessCacheName"),
    named: (req) => [asString(req.finalSnapshotName)].filter((x) => x !== undefined),
    fields: () => ["created"],
    plan: (ctx) => {
      if (!sameId(ctx.req.finalSnapshotName, ctx.id)) return undefined;
      const fields = { serverlessCacheName: asString(ctx.req.serverlessCacheName), status: "creating" };
      return plan(
        bySource("serverless-cache", "serverlessCacheName")(ctx.req),
        (b) => mergeCreate(b, fields, null),
        "create",
      );
    },
  },
];

/** Every cross-resource effect, in the order docs/configuration-history.md lists them. */
export const EFFECTS: readonly Effect[] = [...MEMBER_ROWS, ...USER_ROWS, ...GLOBAL_ROWS, ...SNAPSHOT_ROWS];

const byOperation = new Map<string, Effect[]>();
for (const e of EFFECTS) byOperation.set(e.operation, [...(byOperation.get(e.operation) ?? []), e]);

/** What an event aimed at another resource does to this one (the first row that applies), or undefined. */
export function effectPlan(
  kind: ResourceKind,
  id: string,
  operation: string,
  req: Json,
  resp: unknown,
  before: Configuration,
  derived = false,
): Plan | undefined {
  for (const row of byOperation.get(operation) ?? []) {
    if (row.affects !== kind) continue;
    const p = row.plan({ id, req, resp, before, derived });
    if (p) return p;
  }
  return undefined;
}

/** What an event does to resources other than its target, as the causing side's timeline lists it. */
export interface EventEffect {
  kind: ResourceKind;
  resourceIds: string[];
  fields: string[];
  /** The ids are derived from the request, not named by the event (a null response). */
  derived?: true;
  /** Resources affected that the event does not name and that cannot be derived: how many (null: not known). */
  unnamed?: number | null;
}

/** Where the causing side's configuration lists the resources of a kind it holds (members, users, user groups…). */
const HELD_BY: Partial<Record<ResourceKind, readonly string[]>> = {
  "cache-cluster": ["memberClusters"],
  user: ["userIds"],
  "user-group": ["userGroupIds", "userGroupId"],
  "replication-group": ["secondaryReplicationGroupIds", "primaryReplicationGroupId"],
};

/**
 * Whether the causing side, just before its call, held `id` (an inferred resource): a member it no longer
 * lists was not reached. When its configuration does not say, the inferred link is taken as it is.
 */
function heldBefore(before: Configuration, kind: ResourceKind, id: string): boolean {
  const fields = (HELD_BY[kind] ?? []).filter((f) => before[f]?.value !== undefined);
  if (fields.length === 0) return true;
  return fields.some((f) => {
    const v = before[f]!.value;
    return Array.isArray(v) ? listsId(v, id) : sameId(v, id);
  });
}

export function effectsOf(
  operation: string,
  req: Json,
  resp: unknown,
  inferred: readonly EffectRef[] = [],
  before: Configuration = {},
): EventEffect[] {
  const out: EventEffect[] = [];
  for (const row of byOperation.get(operation) ?? []) {
    const fields = row.fields(req, resp);
    const named = row.named(req, resp);
    const more = inferred
      .filter((r) => r.kind === row.affects && heldBefore(before, r.kind, r.resourceId))
      .map((r) => r.resourceId)
      .filter((id) => !named.some((n) => sameId(n, id)) && (row.reaches?.(req, id) ?? true));
    // Nothing named (a null response): what the request and the causing side's configuration still tell.
    const guess = named.length === 0 && row.unnamed ? row.unnamed(req, before) : undefined;
    const derived = (guess?.ids ?? []).filter((id) => !more.some((m) => sameId(m, id)));
    const ids = more.length > 0 || derived.length > 0 ? [...named, ...more, ...derived].sort() : named;
    if (fields.length === 0) continue;
    const effect: EventEffect = { kind: row.affects, resourceIds: ids, fields };
    if (derived.length > 0) effect.derived = true;
    if (guess && guess.unnamed !== 0) effect.unnamed = guess.unnamed;
    if (ids.length === 0 && effect.unnamed === undefined) continue;
    out.push(effect);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Effects on resources the event does not name: inferred from what is stored.

/**
 * A call that can change resources its record does not name: a group call whose response is missing
 * (null, or over CloudTrail's 100 KB) lists no member; a user group deleted with a null response lists no
 * user; ModifyServerlessCache never names the user group a cache leaves. The resources it reaches are then
 * inferred from the store: those of kind `affects` named together with the call's target by an earlier
 * write (the members it listed, the users added to it, the user groups that held it). Such a link carries
 * the role `inferred` (lib/resources/event-links.ts); the history then decides, from what the resource
 * knew at that time (its replicationGroupId, userGroupIds, serverlessCaches…), whether the row above applies.
 */
export interface InferredEffect {
  operation: string;
  /** Kind of the call's target. */
  target: ResourceKind;
  affects: ResourceKind;
  /**
   * Paths in responseElements that name the affected resources when present ([] = any response at all);
   * when none is present they are inferred. An empty list: always inferred.
   */
  namedBy: readonly (readonly string[])[];
}

const GROUP_MEMBERS = [["memberClusters"], ["replicationGroup", "memberClusters"]] as const;
const DATASTORE_MEMBERS = [["members"], ["globalReplicationGroup", "members"]] as const;
const ANY_RESPONSE = [[]] as const;

export const INFERRED_EFFECTS: readonly InferredEffect[] = [
  ...(
    [
      "ModifyReplicationGroup",
      "ModifyReplicationGroupShardConfiguration",
      "TestFailover",
      "DeleteReplicationGroup",
    ] as const
  ).map((operation): InferredEffect => ({
    operation,
    target: "replication-group",
    affects: "cache-cluster",
    namedBy: GROUP_MEMBERS,
  })),
  { operation: "DeleteReplicationGroup", target: "replication-group", affects: "user-group", namedBy: ANY_RESPONSE },
  { operation: "DeleteUserGroup", target: "user-group", affects: "user", namedBy: ANY_RESPONSE },
  { operation: "ModifyServerlessCache", target: "serverless-cache", affects: "user-group", namedBy: [] },
  { operation: "DeleteServerlessCache", target: "serverless-cache", affects: "user-group", namedBy: ANY_RESPONSE },
  ...(["FailoverGlobalReplicationGroup", "DeleteGlobalReplicationGroup"] as const).map((operation): InferredEffect => ({
    operation,
    target: "global-replication-group",
    affects: "replication-group",
    namedBy: DATASTORE_MEMBERS,
  })),
];
