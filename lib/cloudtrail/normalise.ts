// Raw CloudTrail record → NormalisedEvent: the single gate every record passes before storage.
// It validates (a record we cannot identify or date is rejected with a reason the uploader can
// act on), fills what older records lack (readOnly before eventVersion 1.01, eventSource in the
// ElastiCache guide's own examples), and masks secrets so nothing downstream ever sees them.

import { ELASTICACHE_EVENT_SOURCE, elastiCacheOperation } from "../elasticache/operations";
import { normaliseActor } from "./actor";
import { isJsonObject } from "./json";
import { extractResources } from "./resources";
import { recordSchema, toBoolean } from "./schema";
import { maskSecrets } from "./secrets";
import type { NormaliseResult } from "./types";
import { classifyUserAgent } from "./user-agent";

/**
 * Is this an ElastiCache record? Other services have operations of the same names (IAM's
 * CreateUser, EC2's CreateSnapshot), so the name alone counts only when the source is blank —
 * as in the examples of the ElastiCache guide, which some users' test data copies.
 */
export function isElastiCacheRecord(record: { eventSource?: unknown; eventName?: unknown }): boolean {
  const source = record.eventSource;
  if (source === ELASTICACHE_EVENT_SOURCE) return true;
  if (source !== "" && source !== undefined && source !== null) return false;
  return typeof record.eventName === "string" && elastiCacheOperation(record.eventName) !== undefined;
}

/** "" and null both mean "not recorded"; the event stores null for both. */
function orNull(value: string | null | undefined): string | null {
  return value ? value : null;
}

/** `rawJson`: the record's bytes as read, stored as they are unless a secret had to be masked. */
export function normaliseRecord(record: unknown, rawJson?: Buffer): NormaliseResult {
  const parsed = recordSchema.safeParse(record);
  if (!parsed.success) {
    return { ok: false, reason: parsed.error.issues[0]?.message ?? "invalid record" };
  }
  // safeParse accepted it, so it is an object; the original (not the stripped parse) is what we store.
  if (!isJsonObject(record)) return { ok: false, reason: "record must be an object" };
  const r = parsed.data;
  const identity = r.userIdentity ?? null;
  const accountId = orNull(r.recipientAccountId) ?? orNull(identity?.accountId) ?? "";
  const awsRegion = r.awsRegion ?? "";
  const userAgent = orNull(r.userAgent);
  const actor = normaliseActor(identity, { recipientAccountId: r.recipientAccountId });
  const stored = maskSecrets(record);
  const ua = classifyUserAgent(userAgent, {
    type: actor.type,
    invokedBy: actor.invokedBy,
    fromConsole: toBoolean(r.sessionCredentialFromConsole) === true,
  });

  return {
    ok: true,
    event: {
      eventId: r.eventID,
      eventTime: r.eventTime,
      eventName: r.eventName,
      eventSource: r.eventSource ?? "",
      eventVersion: orNull(r.eventVersion),
      eventType: orNull(r.eventType),
      awsRegion,
      accountId,
      // Records before eventVersion 1.01 have no readOnly; the operation tells (unknown → a write,
      // so it is shown rather than hidden with the reads).
      readOnly: toBoolean(r.readOnly) ?? elastiCacheOperation(r.eventName)?.readOnly ?? false,
      errorCode: orNull(r.errorCode),
      errorMessage: orNull(r.errorMessage),
      requestId: orNull(r.requestID),
      sourceIp: orNull(r.sourceIPAddress),
      userAgent,
      userAgentFamily: ua.family,
      userAgentDetail: ua.detail,
      vpcEndpointId: orNull(r.vpcEndpointId),
      accessKeyId: orNull(identity?.accessKeyId),
      mfaAuthenticated: toBoolean(identity?.sessionContext?.attributes?.mfaAuthenticated),
      actor,
      resources: extractResources(r.eventName, r.requestParameters, r.responseElements, accountId, awsRegion),
      record: stored,
      recordJson: stored === record ? rawJson : undefined,
    },
  };
}
