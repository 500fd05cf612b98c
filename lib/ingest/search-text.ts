import type { NormalisedEvent } from "@/lib/cloudtrail/types";

// Free-text search matches ids, names, ARNs, IPs and request parameter values. Rather
// than search the jsonb at query time, each event carries one lower-cased text of those
// values, indexed with trigrams (see prisma/schema.prisma), so `ILIKE '%term%'` is fast.

const MAX_PARAMETER_TEXT = 4096;

function collectValues(value: unknown, out: string[], budget: { left: number }): void {
  if (budget.left <= 0 || value === null || value === undefined) return;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    const text = String(value);
    out.push(text);
    budget.left -= text.length + 1;
  } else if (Array.isArray(value)) {
    for (const v of value) collectValues(v, out, budget);
  } else if (typeof value === "object") {
    for (const v of Object.values(value)) collectValues(v, out, budget);
  }
}

export function buildSearchText(e: NormalisedEvent): string {
  const parts: (string | null)[] = [
    e.eventId,
    e.eventName,
    e.accountId,
    e.awsRegion,
    e.requestId,
    e.sourceIp,
    e.userAgent,
    e.errorCode,
    e.accessKeyId,
    e.actor.name,
    e.actor.arn,
    e.actor.sessionIssuerArn,
    ...e.resources.map((r) => r.id),
  ];
  const values: string[] = [];
  collectValues(e.record.requestParameters, values, { left: MAX_PARAMETER_TEXT });
  return [...parts.filter((p): p is string => !!p), ...values].join(" ").toLowerCase();
}
