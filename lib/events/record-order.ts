// PostgreSQL's jsonb keeps object keys sorted by length, not as CloudTrail wrote them. For
// reading, the top-level fields go back into CloudTrail's documented order (who, when, what,
// the request, the response, the ids); anything else follows in its stored order.

const CLOUDTRAIL_ORDER = [
  "eventVersion",
  "userIdentity",
  "eventTime",
  "eventSource",
  "eventName",
  "awsRegion",
  "sourceIPAddress",
  "userAgent",
  "errorCode",
  "errorMessage",
  "requestParameters",
  "responseElements",
  "additionalEventData",
  "requestID",
  "eventID",
  "readOnly",
  "resources",
  "eventType",
  "apiVersion",
  "managementEvent",
  "recipientAccountId",
  "sharedEventID",
  "vpcEndpointId",
  "vpcEndpointAccountId",
  "serviceEventDetails",
  "eventCategory",
  "tlsDetails",
  "sessionCredentialFromConsole",
];
const RANK = new Map(CLOUDTRAIL_ORDER.map((k, i) => [k, i]));

export function inCloudTrailOrder(record: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(record);
  const ordered = keys
    .map((key, i) => ({ key, rank: RANK.get(key) ?? CLOUDTRAIL_ORDER.length + i }))
    .sort((a, b) => a.rank - b.rank);
  const out: Record<string, unknown> = {};
  for (const { key } of ordered)
    Object.defineProperty(out, key, { value: record[key], enumerable: true, writable: true, configurable: true });
  return out;
}
