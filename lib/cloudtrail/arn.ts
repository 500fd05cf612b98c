// ElastiCache ARNs, which is how tag operations (and restores from serverless snapshots) name
// their resource: arn:<partition>:elasticache:<region>:<account>:<type>:<id>. The ARN is the only
// place such an event says which kind of resource it touched, and in which account and region —
// possibly not the event's own.

import type { ResourceKind } from "./types";

const KIND_BY_ARN_TYPE: Readonly<Record<string, ResourceKind>> = {
  cluster: "cache-cluster",
  replicationgroup: "replication-group",
  globalreplicationgroup: "global-replication-group",
  parametergroup: "parameter-group",
  securitygroup: "security-group",
  subnetgroup: "subnet-group",
  snapshot: "snapshot",
  serverlesscache: "serverless-cache",
  serverlesscachesnapshot: "serverless-cache-snapshot",
  user: "user",
  usergroup: "user-group",
  "reserved-instance": "reserved-node",
};

export interface ParsedElastiCacheArn {
  kind: ResourceKind;
  id: string;
  /** "" when the ARN leaves it out. */
  accountId: string;
  /** Always "" for global datastores, which belong to no single region. */
  region: string;
}

const PARTITION = /^aws(?:-[a-z]+)*$/;
const MAX_ARN_LENGTH = 2048;

/** The resource an ElastiCache ARN names, or null for anything else (other services, garbage). */
export function parseElastiCacheArn(arn: unknown): ParsedElastiCacheArn | null {
  if (typeof arn !== "string" || arn.length > MAX_ARN_LENGTH || !arn.startsWith("arn:")) return null;
  const parts = arn.split(":");
  if (parts.length < 7) return null;
  const [, partition = "", service, region = "", accountId = "", type = ""] = parts;
  if (service !== "elasticache" || !PARTITION.test(partition)) return null;
  if (!Object.hasOwn(KIND_BY_ARN_TYPE, type)) return null;
  const kind = KIND_BY_ARN_TYPE[type];
  // Names cannot contain ":", but a hostile ARN can; keep the remainder whole rather than guess.
  const id = parts.slice(6).join(":");
  if (!kind || id === "") return null;
  return { kind, id, accountId, region: kind === "global-replication-group" ? "" : region };
}
