// The ElastiCache resource kinds as the dashboard presents them: in the order people look for
// them (clusters first), with the words the AWS console uses.
import type { ResourceKind } from "@/lib/cloudtrail/types";

export interface KindInfo {
  kind: ResourceKind;
  /** Tab label, plural. */
  label: string;
  /** One of them, for headings ("Cache cluster test-memcached"). */
  singular: string;
}

export const KINDS: readonly KindInfo[] = [
  { kind: "cache-cluster", label: "Cache clusters", singular: "Cache cluster" },
  { kind: "replication-group", label: "Replication groups", singular: "Replication group" },
  { kind: "serverless-cache", label: "Serverless caches", singular: "Serverless cache" },
  { kind: "global-replication-group", label: "Global datastores", singular: "Global datastore" },
  { kind: "snapshot", label: "Snapshots", singular: "Snapshot" },
  { kind: "serverless-cache-snapshot", label: "Serverless snapshots", singular: "Serverless cache snapshot" },
  { kind: "parameter-group", label: "Parameter groups", singular: "Parameter group" },
  { kind: "subnet-group", label: "Subnet groups", singular: "Subnet group" },
  { kind: "security-group", label: "Security groups", singular: "Cache security group" },
  { kind: "user", label: "Users", singular: "User" },
  { kind: "user-group", label: "User groups", singular: "User group" },
  { kind: "reserved-node", label: "Reserved nodes", singular: "Reserved node" },
];

export const RESOURCE_KINDS = KINDS.map((k) => k.kind) as [ResourceKind, ...ResourceKind[]];

const BY_KIND = new Map(KINDS.map((k) => [k.kind, k]));

export function isResourceKind(value: string): value is ResourceKind {
  return BY_KIND.has(value as ResourceKind);
}

export function kindInfo(kind: string): KindInfo {
  return BY_KIND.get(kind as ResourceKind) ?? { kind: kind as ResourceKind, label: kind, singular: kind };
}
