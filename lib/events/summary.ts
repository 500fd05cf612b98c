import { formatTimestamp } from "@/lib/format/time";
import type { EventDetail, ResourceTouched } from "./types";

// Plain-text descriptions of one event: the page title, meta tags and the summary line.
// They are text, never markup; React and Next's metadata escape them on the way out.

type Describable = Pick<
  EventDetail,
  "eventName" | "eventTime" | "resources" | "actor" | "errorCode" | "awsRegion" | "accountId"
>;

const KIND_LABEL: Readonly<Record<string, string>> = {
  "cache-cluster": "cache cluster",
  "replication-group": "replication group",
  "global-replication-group": "global datastore",
  "serverless-cache": "serverless cache",
  "serverless-cache-snapshot": "serverless snapshot",
  snapshot: "snapshot",
  "parameter-group": "parameter group",
  "subnet-group": "subnet group",
  "security-group": "security group",
  user: "user",
  "user-group": "user group",
  "reserved-node": "reserved node",
};

export function kindLabel(kind: string): string {
  return KIND_LABEL[kind] ?? kind;
}

export function primaryResource(event: Pick<EventDetail, "resources">): ResourceTouched | undefined {
  return event.resources.find((r) => r.role === "target") ?? event.resources[0];
}

/** "ModifyCacheCluster on test-memcached by elasticache-allow — 2014-12-01 22:32 UTC" */
export function eventTitle(event: Describable): string {
  const target = primaryResource(event);
  const on = target ? ` on ${target.resourceId}` : "";
  return `${event.eventName}${on} by ${event.actor.name} — ${formatTimestamp(event.eventTime, "utc", false)}`;
}

export function outcomeText(event: Pick<EventDetail, "errorCode">): string {
  return event.errorCode ? `failed with ${event.errorCode}` : "succeeded";
}

/**
 * "elasticache-allow (IAMUser) called ModifyCacheCluster on cache cluster test-memcached in
 * us-west-2 (account 123456789012); it succeeded."
 */
export function eventSentence(event: Describable): string {
  const target = primaryResource(event);
  const who = `${event.actor.name} (${event.actor.type})`;
  const on = target ? ` on ${kindLabel(target.kind)} ${target.resourceId}` : "";
  const where = event.awsRegion ? ` in ${event.awsRegion}` : "";
  const account = `(account ${event.accountId || "unknown"})`;
  return `${who} called ${event.eventName}${on}${where} ${account}; it ${outcomeText(event)}.`;
}
