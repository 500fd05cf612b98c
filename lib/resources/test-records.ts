// Hand-written CloudTrail records for the resources integration tests and benchmarks (not a
// shipped code path): records in the shape CloudTrail writes, stored through the real
// normaliser and store, so the tests exercise exactly what an ingest produces.
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { normaliseRecord } from "@/lib/cloudtrail/normalise";
import type { NormalisedEvent } from "@/lib/cloudtrail/types";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { storeEvents } from "@/lib/ingest/store";

export const ACCOUNT = "111122223333";
export const REGION = "eu-west-1";

export interface RecordOptions {
  actor?: string;
  account?: string;
  region?: string;
  error?: string;
  readOnly?: boolean;
  id?: string;
}

export function record(
  eventName: string,
  time: string,
  request: unknown,
  response: unknown = null,
  opts: RecordOptions = {},
): Record<string, unknown> {
  const account = opts.account ?? ACCOUNT;
  const user = opts.actor ?? "alice";
  return {
    eventVersion: "1.09",
    userIdentity: {
      type: "IAMUser",
      principalId: `AIDA${user.toUpperCase()}`,
      arn: `arn:aws:iam::${account}:user/${user}`,
      accountId: account,
      userName: user,
    },
    eventTime: time,
    eventSource: "elasticache.amazonaws.com",
    eventName,
    awsRegion: opts.region ?? REGION,
    sourceIPAddress: "198.51.100.7",
    userAgent: "aws-cli/2.15.0",
    requestParameters: request,
    responseElements: response,
    ...(opts.readOnly === undefined ? {} : { readOnly: opts.readOnly }),
    ...(opts.error ? { errorCode: opts.error, errorMessage: `${opts.error}: refused` } : {}),
    requestID: randomUUID(),
    eventID: opts.id ?? randomUUID(),
    eventType: "AwsApiCall",
    recipientAccountId: account,
  };
}

export function normalised(records: readonly unknown[]): NormalisedEvent[] {
  return records.map((r) => {
    const result = normaliseRecord(r);
    if (!result.ok) throw new Error(`test record rejected: ${result.reason}`);
    return result.event;
  });
}

export async function storeRecords(prisma: PrismaClient, records: readonly unknown[]): Promise<void> {
  await storeEvents(prisma, normalised(records), { runId: null, fileId: null });
}

/** The ElastiCache guide's three records (tests/fixtures/seed). */
export function seedRecords(): unknown[] {
  const dir = path.join(process.cwd(), "tests/fixtures/seed");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")) as unknown);
}
