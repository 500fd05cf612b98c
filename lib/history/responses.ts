// responseElements → a partial snapshot of the resource: what the response reports as in
// effect, what it reports as pending, and which field families it reports in full.
import { withoutSecretFields } from "@/lib/cloudtrail/secrets";
import type { ResourceKind } from "@/lib/cloudtrail/types";
import { resourceObject } from "./kind-naming";
import { authenticationType, tagFields } from "./requests";
import { clusterReported, globalGroupReported, replicationGroupReported, type Reported } from "./node-based-responses";
import type { Configuration } from "./types";
import { applyListDelta, asArray, asRecord, asString, pluckSorted, sortedStrings, type Json } from "./values";

type Fields = Record<string, unknown>;

export interface ResponseSnapshot extends Reported {
  /**
   * Field prefixes the response reports completely (a tag operation returns the whole
   * tag list), so a known field with that prefix that is missing from `fields` is gone.
   */
  complete: string[];
}

function pick(obj: Json, names: Readonly<Record<string, string>>): Fields {
  const out: Fields = {};
  for (const [from, to] of Object.entries(names)) if (obj[from] !== undefined) out[to] = withoutSecretFields(obj[from]);
  return out;
}

function serverlessReported(o: Json): Fields {
  const f = pick(o, {
    description: "description",
    status: "status",
    engine: "engine",
    majorEngineVersion: "majorEngineVersion",
    fullEngineVersion: "engineVersion",
    cacheUsageLimits: "cacheUsageLimits",
    kmsKeyId: "kmsKeyId",
    userGroupId: "userGroupId",
    snapshotRetentionLimit: "snapshotRetentionLimit",
    dailySnapshotTime: "dailySnapshotTime",
  });
  const sgs = sortedStrings(o.securityGroupIds);
  if (sgs) f.securityGroups = sgs;
  const subnets = sortedStrings(o.subnetIds);
  if (subnets) f.subnetIds = subnets;
  return f;
}

function snapshotReported(o: Json): Fields {
  return pick(o, {
    snapshotStatus: "status",
    snapshotSource: "snapshotSource",
    cacheClusterId: "cacheClusterId",
    replicationGroupId: "replicationGroupId",
    engine: "engine",
    engineVersion: "engineVersion",
    cacheNodeType: "cacheNodeType",
    numCacheNodes: "numCacheNodes",
    numNodeGroups: "numNodeGroups",
    cacheParameterGroupName: "parameterGroup",
    cacheSubnetGroupName: "subnetGroup",
    kmsKeyId: "kmsKeyId",
    dataTiering: "dataTiering",
  });
}

function serverlessSnapshotReported(o: Json): Fields {
  const f = pick(o, { status: "status", snapshotType: "snapshotType", kmsKeyId: "kmsKeyId" });
  const conf = asRecord(o.serverlessCacheConfiguration);
  if (conf)
    Object.assign(
      f,
      pick(conf, {
        serverlessCacheName: "serverlessCacheName",
        engine: "engine",
        majorEngineVersion: "majorEngineVersion",
      }),
    );
  return f;
}

function userReported(o: Json): Fields {
  const f = pick(o, {
    userName: "userName",
    status: "status",
    engine: "engine",
    minimumEngineVersion: "minimumEngineVersion",
    accessString: "accessString",
  });
  const groups = sortedStrings(o.userGroupIds);
  if (groups) f.userGroupIds = groups;
  const auth = asRecord(o.authentication);
  if (auth) {
    const type = authenticationType(asString(auth.type));
    if (type !== undefined) f.authenticationType = type;
    if (auth.passwordCount !== undefined) f.passwordCount = auth.passwordCount;
  }
  return f;
}

function userGroupReported(o: Json): Reported {
  const fields = pick(o, { status: "status", engine: "engine", minimumEngineVersion: "minimumEngineVersion" });
  const users = sortedStrings(o.userIds);
  if (users) fields.userIds = users;
  const rgs = sortedStrings(o.replicationGroups);
  if (rgs) fields.replicationGroups = rgs;
  const caches = sortedStrings(o.serverlessCaches);
  if (caches) fields.serverlessCaches = caches;
  // PendingChanges is only present while a change is under way, so its absence proves nothing.
  const pc = asRecord(o.pendingChanges);
  const pending = pc ? { userIds: applyListDelta(users ?? [], pc.userIdsToAdd, pc.userIdsToRemove) } : null;
  return { fields, pending };
}

function securityGroupReported(o: Json): Fields {
  const f = pick(o, { description: "description", ownerId: "ownerId" });
  const groups = asArray(o.eC2SecurityGroups);
  if (groups) {
    f.ec2SecurityGroups = groups
      .map(asRecord)
      .filter((g): g is Json => g !== undefined && !/^revok/.test(asString(g.status) ?? ""))
      .map((g) => `${asString(g.eC2SecurityGroupOwnerId) ?? "?"}/${asString(g.eC2SecurityGroupName) ?? "?"}`)
      .sort();
  }
  return f;
}

function otherReported(kind: ResourceKind, o: Json): Fields {
  switch (kind) {
    case "serverless-cache":
      return serverlessReported(o);
    case "snapshot":
      return snapshotReported(o);
    case "serverless-cache-snapshot":
      return serverlessSnapshotReported(o);
    case "user":
      return userReported(o);
    case "security-group":
      return securityGroupReported(o);
    case "parameter-group":
      return pick(o, { cacheParameterGroupFamily: "family", description: "description", isGlobal: "isGlobal" });
    case "subnet-group": {
      const f = pick(o, { cacheSubnetGroupDescription: "description", vpcId: "vpcId" });
      const subnets = pluckSorted(o.subnets, "subnetIdentifier");
      if (subnets) f.subnetIds = subnets;
      return f;
    }
    case "reserved-node":
      return pick(o, {
        reservedCacheNodesOfferingId: "reservedCacheNodesOfferingId",
        cacheNodeType: "cacheNodeType",
        cacheNodeCount: "cacheNodeCount",
        duration: "duration",
        productDescription: "productDescription",
        offeringType: "offeringType",
        state: "status",
      });
    default:
      return {};
  }
}

/** What a response says about this resource, or null when it says nothing about it. */
export function snapshotFromResponse(
  kind: ResourceKind,
  resourceId: string,
  response: unknown,
  current: Configuration,
): ResponseSnapshot | null {
  const tagList = asArray(asRecord(response)?.tagList);
  if (tagList) return { fields: tagFields(tagList), pending: null, complete: ["tags."] };
  const obj = resourceObject(kind, resourceId, response);
  if (!obj) return null;
  let reported: Reported;
  if (kind === "cache-cluster") reported = clusterReported(obj);
  else if (kind === "replication-group") reported = replicationGroupReported(obj, current);
  else if (kind === "global-replication-group") reported = globalGroupReported(obj);
  else if (kind === "user-group") reported = userGroupReported(obj);
  else reported = { fields: otherReported(kind, obj), pending: null };
  return { ...reported, complete: [] };
}
