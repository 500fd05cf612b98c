// A reconstructed configuration as the resource page shows it: the fields people look for
// first (engine, size, placement, windows, security), labelled and grouped, then the rest
// under their API names. Values go through the history's own formatter, so a secret can
// only ever appear as "set"/"rotated" — the history never holds one.
import { formatValue, type Configuration } from "@/lib/history";
import type { ConfigFieldView } from "./types";

interface FieldSpec {
  label: string;
  group: string;
}

const ENGINE = "Engine";
const SIZE = "Size";
const PLACEMENT = "Placement";
const WINDOWS = "Maintenance and backups";
const SECURITY = "Encryption and access";
const LINKS = "Membership";
const STATE = "State";

/** Order of this table = order on the page. */
const KNOWN: ReadonlyArray<[string, FieldSpec]> = [
  ["status", { label: "Status", group: STATE }],
  ["engine", { label: "Engine", group: ENGINE }],
  ["engineVersion", { label: "Engine version", group: ENGINE }],
  ["majorEngineVersion", { label: "Major version", group: ENGINE }],
  ["family", { label: "Parameter group family", group: ENGINE }],
  ["autoMinorVersionUpgrade", { label: "Auto minor version upgrade", group: ENGINE }],
  ["cacheNodeType", { label: "Node type", group: SIZE }],
  ["numCacheNodes", { label: "Nodes", group: SIZE }],
  ["numCacheClusters", { label: "Clusters", group: SIZE }],
  ["numNodeGroups", { label: "Shards", group: SIZE }],
  ["replicasPerNodeGroup", { label: "Replicas per shard", group: SIZE }],
  ["cacheUsageLimits", { label: "Usage limits", group: SIZE }],
  ["cacheNodeCount", { label: "Reserved nodes", group: SIZE }],
  ["clusterMode", { label: "Cluster mode", group: SIZE }],
  ["dataTiering", { label: "Data tiering", group: SIZE }],
  ["aZMode", { label: "AZ mode", group: PLACEMENT }],
  ["preferredAvailabilityZone", { label: "Availability zone", group: PLACEMENT }],
  ["preferredAvailabilityZones", { label: "Availability zones", group: PLACEMENT }],
  ["multiAZ", { label: "Multi-AZ", group: PLACEMENT }],
  ["automaticFailover", { label: "Automatic failover", group: PLACEMENT }],
  ["parameterGroup", { label: "Parameter group", group: PLACEMENT }],
  ["subnetGroup", { label: "Subnet group", group: PLACEMENT }],
  ["securityGroups", { label: "Security groups", group: PLACEMENT }],
  ["cacheSecurityGroups", { label: "Cache security groups", group: PLACEMENT }],
  ["networkType", { label: "Network type", group: PLACEMENT }],
  ["ipDiscovery", { label: "IP discovery", group: PLACEMENT }],
  ["port", { label: "Port", group: PLACEMENT }],
  ["preferredMaintenanceWindow", { label: "Maintenance window", group: WINDOWS }],
  ["snapshotWindow", { label: "Snapshot window", group: WINDOWS }],
  ["dailySnapshotTime", { label: "Daily snapshot time", group: WINDOWS }],
  ["snapshotRetentionLimit", { label: "Snapshot retention (days)", group: WINDOWS }],
  ["snapshottingClusterId", { label: "Snapshotting cluster", group: WINDOWS }],
  ["finalSnapshot", { label: "Final snapshot", group: WINDOWS }],
  ["transitEncryptionEnabled", { label: "In-transit encryption", group: SECURITY }],
  ["transitEncryptionMode", { label: "In-transit encryption mode", group: SECURITY }],
  ["atRestEncryptionEnabled", { label: "At-rest encryption", group: SECURITY }],
  ["kmsKeyId", { label: "KMS key", group: SECURITY }],
  ["authTokenEnabled", { label: "AUTH token", group: SECURITY }],
  ["userGroupIds", { label: "User groups", group: SECURITY }],
  ["userGroupId", { label: "User group", group: SECURITY }],
  ["userIds", { label: "Users", group: SECURITY }],
  ["userName", { label: "User name", group: SECURITY }],
  ["accessString", { label: "Access string", group: SECURITY }],
  ["authenticationType", { label: "Authentication", group: SECURITY }],
  ["passwordCount", { label: "Passwords", group: SECURITY }],
  ["replicationGroupId", { label: "Replication group", group: LINKS }],
  ["nodeGroupId", { label: "Shard", group: LINKS }],
  ["currentRole", { label: "Role in its shard", group: LINKS }],
  ["primaryClusterId", { label: "Primary cluster", group: LINKS }],
  ["memberClusters", { label: "Member clusters", group: LINKS }],
  ["replicationGroups", { label: "Replication groups", group: LINKS }],
  ["serverlessCaches", { label: "Serverless caches", group: LINKS }],
  ["globalReplicationGroupId", { label: "Global datastore", group: LINKS }],
  ["globalReplicationGroupRole", { label: "Role in global datastore", group: LINKS }],
  ["primaryReplicationGroupId", { label: "Primary replication group", group: LINKS }],
  ["secondaryReplicationGroupIds", { label: "Secondary replication groups", group: LINKS }],
  ["cacheClusterId", { label: "Source cluster", group: LINKS }],
  ["serverlessCacheName", { label: "Serverless cache", group: LINKS }],
  ["restoredFromSnapshot", { label: "Restored from snapshot", group: LINKS }],
  ["copiedFrom", { label: "Copied from", group: LINKS }],
  ["snapshotSource", { label: "Snapshot source", group: LINKS }],
  ["description", { label: "Description", group: STATE }],
];

const SPECS = new Map(KNOWN);
const ORDER = new Map(KNOWN.map(([field], i) => [field, i]));
export const GROUP_ORDER = [STATE, ENGINE, SIZE, PLACEMENT, WINDOWS, SECURITY, LINKS, "Parameters", "Tags", "Other"];

function specOf(field: string): FieldSpec {
  const known = SPECS.get(field);
  if (known) return known;
  if (field.startsWith("parameters.")) return { label: field.slice("parameters.".length), group: "Parameters" };
  if (field.startsWith("tags.")) return { label: field.slice("tags.".length), group: "Tags" };
  return { label: field, group: "Other" };
}

/** Booleans read better as words on a configuration sheet. */
function shown(value: unknown): string {
  if (value === true) return "yes";
  if (value === false) return "no";
  return formatValue(value);
}

export function configurationFields(config: Configuration): ConfigFieldView[] {
  const fields: ConfigFieldView[] = [];
  for (const [field, entry] of Object.entries(config)) {
    // A field known only as asked for or pending still says something; an unknown value alone does not.
    if (entry.value === undefined && entry.pending === undefined && entry.requested === undefined) continue;
    const spec = specOf(field);
    fields.push({
      field,
      label: spec.label,
      group: spec.group,
      value: entry.value === undefined ? "unknown" : shown(entry.value),
      pending: entry.pending === undefined ? null : shown(entry.pending),
      requested: entry.requested === undefined ? null : shown(entry.requested),
    });
  }
  const groupRank = (g: string) => GROUP_ORDER.indexOf(g);
  return fields.sort(
    (a, b) =>
      groupRank(a.group) - groupRank(b.group) ||
      (ORDER.get(a.field) ?? Infinity) - (ORDER.get(b.field) ?? Infinity) ||
      a.label.localeCompare(b.label),
  );
}

/** One line for the page header: "memcached 1.4.14 · 2 × cache.m1.small · cross-az · default.memcached1.4". */
export function configurationHeadline(config: Configuration): string[] {
  const text = (field: string): string | undefined => {
    const v = config[field]?.value;
    return typeof v === "string" || typeof v === "number" ? String(v) : undefined;
  };
  const parts: string[] = [];
  const engine = [text("engine"), text("engineVersion") ?? text("majorEngineVersion")].filter(Boolean).join(" ");
  if (engine) parts.push(engine);
  const type = text("cacheNodeType");
  const nodes = text("numCacheNodes");
  const shards = text("numNodeGroups");
  const replicas = text("replicasPerNodeGroup");
  if (shards !== undefined) {
    const counted = (n: string, noun: string) => `${n} ${noun}${n === "1" ? "" : "s"}`;
    const perShard = replicas !== undefined ? ` × ${counted(replicas, "replica")}` : "";
    parts.push(`${counted(shards, "shard")}${perShard}${type ? ` · ${type}` : ""}`);
  } else if (nodes !== undefined || type !== undefined) {
    parts.push([nodes, type].filter(Boolean).join(" × "));
  }
  for (const field of ["aZMode", "parameterGroup"]) {
    const v = text(field);
    if (v) parts.push(v);
  }
  return parts;
}
