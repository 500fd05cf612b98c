// Builders for hand-written CloudTrail records in the event tests (not shipped code paths):
// every field a filter looks at can be set, everything else is a plausible default.

import { normaliseRecord } from "@/lib/cloudtrail/normalise";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { storeEvents, type StoreOrigin } from "@/lib/ingest/store";

export type TestRecord = Record<string, unknown>;

let counter = 0;

export function iamUser(name: string, accountId = "111122223333") {
  return {
    type: "IAMUser",
    principalId: `AIDA${name.toUpperCase().replace(/[^A-Z0-9]/g, "")}`,
    arn: `arn:aws:iam::${accountId}:user/${name}`,
    accountId,
    accessKeyId: "AKIAIOSFODNN7EXAMPLE",
    userName: name,
  };
}

/** A successful DescribeCacheClusters by alice at 2025-01-01T00:00:00Z unless told otherwise. */
export function testRecord(overrides: TestRecord = {}): TestRecord {
  counter += 1;
  const id = String(counter).padStart(6, "0");
  return {
    eventVersion: "1.09",
    userIdentity: iamUser("alice"),
    eventTime: "2025-01-01T00:00:00Z",
    eventSource: "elasticache.amazonaws.com",
    eventName: "DescribeCacheClusters",
    awsRegion: "us-east-1",
    sourceIPAddress: "203.0.113.10",
    userAgent: "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64",
    requestParameters: null,
    responseElements: null,
    requestID: `req-${id}`,
    eventID: `evt-${id}`,
    readOnly: true,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: "111122223333",
    eventCategory: "Management",
    ...overrides,
  };
}

/** A ModifyCacheCluster of `clusterId` (a write naming one cache cluster). */
export function modifyRecord(clusterId: string, overrides: TestRecord = {}): TestRecord {
  return testRecord({
    eventName: "ModifyCacheCluster",
    readOnly: false,
    requestParameters: { cacheClusterId: clusterId, numCacheNodes: 3, applyImmediately: true },
    responseElements: {
      cacheClusterId: clusterId,
      numCacheNodes: 2,
      cacheClusterStatus: "modifying",
      pendingModifiedValues: { numCacheNodes: 3 },
    },
    ...overrides,
  });
}

/** Seconds after 2025-01-01T00:00:00Z, as CloudTrail writes times. */
export function at(seconds: number): string {
  return new Date(Date.UTC(2025, 0, 1) + seconds * 1000).toISOString().replace(".000Z", "Z");
}

export async function storeRecords(
  prisma: PrismaClient,
  records: TestRecord[],
  origin: StoreOrigin = { runId: null, fileId: null },
) {
  const events = records.map((r) => {
    const result = normaliseRecord(r);
    if (!result.ok) throw new Error(`test record rejected: ${result.reason}`);
    return result.event;
  });
  return storeEvents(prisma, events, origin);
}
