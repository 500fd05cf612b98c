// The ElastiCache resources an event names, so each resource's history can list every event that
// touched it — including events that named it only indirectly (the cluster a snapshot was taken
// from, the members ElastiCache generated for a new replication group).

import { elastiCacheOperation } from "../elasticache/operations";
import { isJsonObject, own } from "./json";
import { ResourceCollector } from "./resource-collector";
import { OPERATION_RULES } from "./resource-rules";
import type { ResourceRef } from "./types";

export { MAX_ID_LENGTH, MAX_RESOURCES } from "./resource-collector";
export { parseElastiCacheArn } from "./arn";

/**
 * The resources named by an event's request and response, deduplicated (one entry per resource,
 * with its most telling role; targets first). Tolerates any junk in the parameters: a value of
 * the wrong type is skipped, never thrown on.
 */
export function extractResources(
  eventName: string,
  requestParameters: unknown,
  responseElements: unknown,
  accountId: string,
  region: string,
): ResourceRef[] {
  if (!Object.hasOwn(OPERATION_RULES, eventName)) return [];
  const rules = OPERATION_RULES[eventName];
  if (!rules) return [];
  const out = new ResourceCollector(accountId, region);

  if (isJsonObject(requestParameters)) {
    for (const [param, kind, role] of rules.params ?? []) {
      out.addEach(kind, own(requestParameters, param), role);
    }
    rules.custom?.(requestParameters, out);
  }
  // Only writes: a read's response (normally null in CloudTrail) lists what exists, not what the
  // call acted on, and would tie every resource in the account to every Describe.
  if (rules.response && isJsonObject(responseElements) && elastiCacheOperation(eventName)?.readOnly === false) {
    rules.response(responseElements, out);
  }
  return out.result();
}
