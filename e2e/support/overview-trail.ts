import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

// A small trail for the Overview and Security journeys, dated relative to now so that "last 7
// days" holds all of it, in two accounts of its own: in account A, carol creates and modifies a
// cluster and reads it back; in account B, mallory's delete is denied and the root user looks.

export const ACCOUNT_A = "300000000001";
export const ACCOUNT_B = "300000000002";
export const DENIED_MESSAGE =
  "User: arn:aws:iam::300000000002:user/e2e-mallory is not authorized to perform: elasticache:DeleteCacheCluster";

const HOUR = 3600_000;

function record(id: string, hoursAgo: number, account: string, fields: Record<string, unknown>) {
  return {
    eventVersion: "1.09",
    eventTime: new Date(Date.now() - hoursAgo * HOUR).toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: "elasticache.amazonaws.com",
    eventName: "DescribeCacheClusters",
    awsRegion: "eu-west-1",
    sourceIPAddress: "192.0.2.77",
    userAgent: "aws-cli/2.15.0 Python/3.11.6",
    requestParameters: null,
    responseElements: null,
    requestID: `req-${id}`,
    eventID: id,
    readOnly: true,
    eventType: "AwsApiCall",
    recipientAccountId: account,
    ...fields,
  };
}

const user = (name: string, account: string) => ({
  type: "IAMUser",
  principalId: `AIDA${name.toUpperCase().replace(/\W/g, "")}`,
  arn: `arn:aws:iam::${account}:user/${name}`,
  accountId: account,
  userName: name,
});

export function writeOverviewTrail(dir: string): string {
  const carol = user("e2e-carol", ACCOUNT_A);
  const mallory = user("e2e-mallory", ACCOUNT_B);
  const root = { type: "Root", principalId: ACCOUNT_B, arn: `arn:aws:iam::${ACCOUNT_B}:root`, accountId: ACCOUNT_B };
  const records = [
    record("e2e-ov-create", 50, ACCOUNT_A, {
      userIdentity: carol,
      eventName: "CreateCacheCluster",
      readOnly: false,
      requestParameters: { cacheClusterId: "e2e-ov-cache", engine: "valkey", numCacheNodes: 1 },
    }),
    record("e2e-ov-modify", 30, ACCOUNT_A, {
      userIdentity: carol,
      eventName: "ModifyCacheCluster",
      readOnly: false,
      requestParameters: { cacheClusterId: "e2e-ov-cache", numCacheNodes: 2 },
    }),
    ...[29, 28, 27].map((h) => record(`e2e-ov-read-${h}`, h, ACCOUNT_A, { userIdentity: carol })),
    record("e2e-ov-denied", 20, ACCOUNT_B, {
      userIdentity: mallory,
      eventName: "DeleteCacheCluster",
      readOnly: false,
      errorCode: "AccessDenied",
      errorMessage: DENIED_MESSAGE,
      requestParameters: { cacheClusterId: "e2e-ov-cache" },
    }),
    record("e2e-ov-root", 10, ACCOUNT_B, { userIdentity: root, sourceIPAddress: "198.51.100.23" }),
  ];
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "overview-trail.json");
  writeFileSync(file, JSON.stringify({ Records: records }));
  return file;
}
