// What exists in each (account, region) as the simulation runs: network fixtures, parameter and
// subnet groups, users, live caches (for ListTagsForResource polling) and recently deleted ids
// (for CacheClusterNotFound). Lists are bounded so a 1 GB run keeps a flat memory profile.

import { ACCOUNTS, REGIONS, type Account, type Region } from "./accounts";
import type { Rng } from "./prng";

export type Engine = "redis" | "valkey" | "memcached";

export interface ParameterGroup {
  name: string;
  family: string;
  engine: Engine;
}

export interface Place {
  account: Account;
  region: Region;
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
  kmsKeyArn: string;
  subnetGroups: string[];
  parameterGroups: ParameterGroup[];
  users: string[];
  userGroups: string[];
  /** Cluster and replication-group ids share a namespace here (members are named `<rg>-001`). */
  liveNames: Set<string>;
  liveArns: string[];
  deletedClusterIds: string[];
  deletedReplicationGroupIds: string[];
}

const MAX_TRACKED = 200;

export const DEFAULT_PARAMETER_GROUPS: ParameterGroup[] = [
  { name: "default.redis7", family: "redis7", engine: "redis" },
  { name: "default.valkey8", family: "valkey8", engine: "valkey" },
  { name: "default.memcached1.6", family: "memcached1.6", engine: "memcached" },
];

export function remember<T>(list: T[], value: T): void {
  list.push(value);
  if (list.length > MAX_TRACKED) list.shift();
}

export function forget<T>(list: T[], value: T): void {
  const i = list.indexOf(value);
  if (i >= 0) list.splice(i, 1);
}

export class Inventory {
  private readonly places = new Map<string, Place>();

  constructor(rng: Rng) {
    for (const account of ACCOUNTS) {
      for (const region of REGIONS) {
        const env = account.alias.replace(/^acme-/, "");
        this.places.set(`${account.id}/${region}`, {
          account,
          region,
          vpcId: `vpc-0${rng.hex(16)}`,
          subnetIds: [1, 2, 3].map(() => `subnet-0${rng.hex(16)}`),
          securityGroupIds: [1, 2].map(() => `sg-0${rng.hex(16)}`),
          kmsKeyArn: `arn:aws:kms:${region}:${account.id}:key/${rng.uuid()}`,
          subnetGroups: [`${env}-cache-subnets`, "default"],
          parameterGroups: [...DEFAULT_PARAMETER_GROUPS],
          users: ["default"],
          userGroups: [],
          liveNames: new Set(),
          liveArns: [],
          deletedClusterIds: [],
          deletedReplicationGroupIds: [],
        });
      }
    }
  }

  place(account: Account, region: Region): Place {
    const place = this.places.get(`${account.id}/${region}`);
    if (!place) throw new Error(`no place ${account.id}/${region}`);
    return place;
  }
}

const APPS = [
  "sessions",
  "checkout",
  "catalog",
  "leaderboard",
  "ratelimit",
  "feature-flags",
  "search",
  "api-cache",
  "orders",
  "inventory",
  "auth-tokens",
  "recs",
  "pricing",
  "geo",
  "notifications",
  "cart",
];

export function envName(account: Account): string {
  return account.alias.replace(/^acme-/, "").replace("shared-services", "shared");
}

/**
 * A cluster/replication-group id like "sessions-prod" or "sessions-prod-2". Names are reused once
 * the resource is deleted, as people do, so one id can have several lives in the history.
 */
export function claimCacheName(rng: Rng, place: Place, kind: string): string {
  const base = `${rng.pick(APPS)}-${kind ? `${kind}-` : ""}${envName(place.account)}`;
  let name = base;
  for (let n = 2; place.liveNames.has(name); n++) name = `${base}-${n}`;
  place.liveNames.add(name);
  return name;
}

export function releaseCacheName(place: Place, name: string): void {
  place.liveNames.delete(name);
}
