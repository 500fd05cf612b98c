// What kind of step an operation is, for the timeline's lanes and filters.
import { elastiCacheOperation } from "@/lib/elasticache/operations";
import type { StepCategory } from "./types";

const BY_NAME: Readonly<Record<string, StepCategory>> = {
  RebootCacheCluster: "reboot",
  TestFailover: "failover",
  FailoverGlobalReplicationGroup: "failover",
  AddTagsToResource: "tag",
  RemoveTagsFromResource: "tag",
  IncreaseReplicaCount: "scale",
  DecreaseReplicaCount: "scale",
  ModifyReplicationGroupShardConfiguration: "scale",
  IncreaseNodeGroupsInGlobalReplicationGroup: "scale",
  DecreaseNodeGroupsInGlobalReplicationGroup: "scale",
  RebalanceSlotsInGlobalReplicationGroup: "scale",
  CreateSnapshot: "snapshot",
  CopySnapshot: "snapshot",
  DeleteSnapshot: "snapshot",
  CreateServerlessCacheSnapshot: "snapshot",
  CopyServerlessCacheSnapshot: "snapshot",
  DeleteServerlessCacheSnapshot: "snapshot",
  ExportServerlessCacheSnapshot: "snapshot",
  ResetCacheParameterGroup: "modify",
  AuthorizeCacheSecurityGroupIngress: "modify",
  RevokeCacheSecurityGroupIngress: "modify",
  DisassociateGlobalReplicationGroup: "modify",
  PurchaseReservedCacheNodesOffering: "create",
};

/** Read-only by the record's flag or, when a record lacks it, by the API model. */
export function isReadEvent(eventName: string, readOnly: boolean): boolean {
  return readOnly || elastiCacheOperation(eventName)?.readOnly === true;
}

export function categorize(eventName: string, read: boolean): StepCategory {
  if (read) return "read";
  const known = BY_NAME[eventName];
  if (known) return known;
  if (eventName.startsWith("Create")) return "create";
  if (eventName.startsWith("Delete")) return "delete";
  if (eventName.startsWith("Modify")) return "modify";
  return "other";
}
