// The simulated organization: which accounts and regions exist, how busy each is, and which
// trail delivers them (a per-account trail or the organization trail, whose keys carry the org id).

export const ORGANIZATION_ID = "o-a1b2c3d4e5";
export const LOG_BUCKET = "acme-org-cloudtrail-logs";

export const REGIONS = ["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2"] as const;
export type Region = (typeof REGIONS)[number];

/** Global services (IAM, STS global endpoint, console sign-in) record their events in us-east-1. */
export const GLOBAL_SERVICE_REGION: Region = "us-east-1";

export interface Account {
  id: string;
  alias: string;
  /** "account": AWSLogs/<account>/...; "organization": AWSLogs/<org id>/<account>/... */
  trailKind: "account" | "organization";
  trailName: string;
  /** Share of all API activity (noise) that happens in this account. */
  activityWeight: number;
  /** Share of ElastiCache activity; shared-services runs most of the caches. */
  cacheWeight: number;
  /** Relative activity per region, in REGIONS order. */
  regionWeights: readonly [number, number, number, number];
}

export const ACCOUNTS: readonly Account[] = [
  {
    id: "111122223333",
    alias: "acme-prod",
    trailKind: "account",
    trailName: "management-events",
    activityWeight: 0.42,
    cacheWeight: 0.45,
    regionWeights: [0.55, 0.25, 0.12, 0.08],
  },
  {
    id: "444455556666",
    alias: "acme-staging",
    trailKind: "account",
    trailName: "management-events",
    activityWeight: 0.23,
    cacheWeight: 0.25,
    regionWeights: [0.6, 0.25, 0.15, 0],
  },
  {
    id: "777788889999",
    alias: "acme-shared-services",
    trailKind: "organization",
    trailName: "acme-org-trail",
    activityWeight: 0.2,
    cacheWeight: 0.2,
    regionWeights: [0.5, 0.3, 0.1, 0.1],
  },
  {
    id: "210987654321",
    alias: "acme-sandbox",
    trailKind: "organization",
    trailName: "acme-org-trail",
    activityWeight: 0.15,
    cacheWeight: 0.1,
    regionWeights: [0.7, 0.3, 0, 0],
  },
];

/** An account the organization does not own, for cross-account (AWSAccount) identities. */
export const PARTNER_ACCOUNT_ID = "999988887777";

export function regionWeight(account: Account, region: Region): number {
  return account.regionWeights[REGIONS.indexOf(region)] ?? 0;
}

/** The (account, region) pairs that have any activity, i.e. the log streams that get files. */
export function activeAccountRegions(): { account: Account; region: Region }[] {
  const pairs: { account: Account; region: Region }[] = [];
  for (const account of ACCOUNTS) {
    for (const region of REGIONS) if (regionWeight(account, region) > 0) pairs.push({ account, region });
  }
  return pairs;
}
