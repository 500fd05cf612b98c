// Interleaves many ElastiCache lifecycles with polling traffic and turns each step into a
// CloudTrail record. Each call to `next()` is one "ElastiCache slot" at the current clock time.

import { elastiCacheOperation, ELASTICACHE_EVENT_SOURCE } from "@/lib/elasticache/operations";
import { ACCOUNTS, REGIONS, type Account, type Region } from "./accounts";
import { failedVariant } from "./elasticache-failures";
import type { Inventory, Place } from "./elasticache-inventory";
import { cacheClusterLifecycle } from "./elasticache-lifecycle-clusters";
import { globalDatastoreLifecycle } from "./elasticache-lifecycle-global";
import { parameterGroupLifecycle, subnetGroupLifecycle, usersLifecycle } from "./elasticache-lifecycle-groups";
import {
  legacySecurityGroupScript,
  reservedNodePurchase,
  serviceUpdateBatch,
  snapshotHousekeeping,
} from "./elasticache-lifecycle-misc";
import { replicationGroupLifecycle } from "./elasticache-lifecycle-replication";
import { serverlessCacheLifecycle } from "./elasticache-lifecycle-serverless";
import { pollingCall } from "./elasticache-polling";
import type { EcStep, Lifecycle, LifecycleContext, OperatorStyle } from "./elasticache-steps";
import type { Principal } from "./identities";
import type { CloudTrailRecord } from "./json";
import { weightedPicker, type Rng } from "./prng";
import { buildRecord } from "./record-builder";
import type { Roster } from "./roster";

export interface GeneratedRecord {
  record: CloudTrailRecord;
  accountId: string;
  region: Region;
  /** The record's eventTime, in epoch milliseconds. */
  timeMs: number;
}

type LifecycleFactory = (ctx: LifecycleContext) => Lifecycle;

const pickLifecycle = weightedPicker<LifecycleFactory>([
  [cacheClusterLifecycle, 0.22],
  [replicationGroupLifecycle, 0.25],
  [serverlessCacheLifecycle, 0.12],
  [parameterGroupLifecycle, 0.1],
  [usersLifecycle, 0.08],
  [subnetGroupLifecycle, 0.05],
  [globalDatastoreLifecycle, 0.05],
  [snapshotHousekeeping, 0.06],
  [reservedNodePurchase, 0.02],
  [serviceUpdateBatch, 0.03],
  [legacySecurityGroupScript, 0.02],
]);

type OperatorRole =
  | "terraform"
  | "console"
  | "cli"
  | "cloudformation"
  | "platform"
  | "lambda"
  | "iamConsole"
  | "eks"
  | "root"
  | "federated";

const pickOperator = weightedPicker<OperatorRole>([
  ["terraform", 0.34],
  ["console", 0.24],
  ["cli", 0.12],
  ["cloudformation", 0.1],
  ["platform", 0.07],
  ["lambda", 0.03],
  ["iamConsole", 0.05],
  ["eks", 0.02],
  ["root", 0.01],
  ["federated", 0.02],
]);

function operatorFor(rng: Rng, roster: Roster): { operator: Principal; style: OperatorStyle } {
  switch (pickOperator(rng)) {
    case "terraform":
      return { operator: roster.terraform, style: "terraform" };
    case "console":
      return { operator: rng.pick(roster.consoleAdmins), style: "console" };
    case "cli":
      return { operator: roster.cliUser, style: "cli" };
    case "cloudformation":
      return { operator: roster.cloudFormation, style: "cloudformation" };
    case "platform":
      return { operator: roster.platformOperator, style: "sdk" };
    case "lambda":
      return { operator: roster.lambdaApp, style: "sdk" };
    case "iamConsole":
      return { operator: roster.consoleIamUser, style: "console" };
    case "eks":
      return { operator: roster.eksTooling, style: "sdk" };
    case "root":
      return { operator: roster.root, style: "console" };
    case "federated":
      return { operator: roster.federated, style: "sdk" };
  }
}

const pickCacheAccount = weightedPicker(ACCOUNTS.map((a) => [a, a.cacheWeight] as const));

export function pickRegion(rng: Rng, account: Account): Region {
  let r = rng.float() * account.regionWeights.reduce((s, w) => s + w, 0);
  for (let i = 0; i < REGIONS.length; i++) {
    r -= account.regionWeights[i] ?? 0;
    if (r < 0) return REGIONS[i] as Region;
  }
  return REGIONS[0];
}

const POLL_SHARE = 0.42;
const START_SHARE = 0.07;
const MIN_ACTIVE = 6;
const MAX_ACTIVE = 48;
/** With the polling not-found lookups this lands near 4 % failed ElastiCache calls. */
const FAILURE_RATE = 0.032;

export class ElastiCacheActivity {
  private readonly active: { lifecycle: Lifecycle; ctx: LifecycleContext }[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly rosters: Map<string, Roster>,
    private readonly inventory: Inventory,
    private readonly clock: { nowMs: number },
  ) {}

  /** The records of one ElastiCache call at the current time: one, or two when a failed attempt preceded it. */
  next(): GeneratedRecord[] {
    const roll = this.rng.float();
    if (roll < POLL_SHARE && this.active.length >= MIN_ACTIVE) return this.poll();
    const starting =
      this.active.length < MIN_ACTIVE || (roll < POLL_SHARE + START_SHARE && this.active.length < MAX_ACTIVE);
    const entry = starting ? this.start() : this.rng.pick(this.active);
    const result = entry.lifecycle.next();
    if (result.done) {
      this.active.splice(this.active.indexOf(entry), 1);
      return this.next();
    }
    return this.emit(entry.ctx.place, this.rosterOf(entry.ctx.place.account), result.value, entry.ctx.operator);
  }

  private rosterOf(account: Account): Roster {
    const roster = this.rosters.get(account.id);
    if (!roster) throw new Error(`no roster for ${account.id}`);
    return roster;
  }

  private start(): { lifecycle: Lifecycle; ctx: LifecycleContext } {
    const account = pickCacheAccount(this.rng);
    const place = this.inventory.place(account, pickRegion(this.rng, account));
    const roster = this.rosterOf(account);
    const ctx: LifecycleContext = {
      rng: this.rng,
      clock: this.clock,
      place,
      inventory: this.inventory,
      roster,
      ...operatorFor(this.rng, roster),
    };
    const entry = { lifecycle: pickLifecycle(this.rng)(ctx), ctx };
    this.active.push(entry);
    return entry;
  }

  private poll(): GeneratedRecord[] {
    const account = pickCacheAccount(this.rng);
    const place = this.inventory.place(account, pickRegion(this.rng, account));
    const roster = this.rosterOf(account);
    const { step, actor } = pollingCall(this.rng, place, roster, this.clock.nowMs);
    return this.emit(place, roster, step, actor);
  }

  private emit(place: Place, roster: Roster, step: EcStep, operator: Principal): GeneratedRecord[] {
    const now = this.clock.nowMs;
    const out: GeneratedRecord[] = [];
    if (!step.error && this.rng.chance(FAILURE_RATE)) {
      const attemptAt = now - this.rng.between(3, 120) * 1000;
      const failed = failedVariant(this.rng, step, place, roster, attemptAt);
      if (failed) out.push(this.toRecord(place, failed, operator, attemptAt));
    }
    out.push(this.toRecord(place, step, operator, now));
    return out;
  }

  private toRecord(place: Place, step: EcStep, operator: Principal, timeMs: number): GeneratedRecord {
    const principal = step.actor ?? operator;
    const region = step.region ?? place.region;
    const actor = principal.act(this.rng, { service: "elasticache", eventName: step.eventName, timeMs });
    const record = buildRecord(this.rng, {
      timeMs,
      eventSource: ELASTICACHE_EVENT_SOURCE,
      eventName: step.eventName,
      region,
      recipientAccountId: place.account.id,
      actor,
      requestParameters: step.requestParameters,
      responseElements: step.responseElements,
      readOnly: elastiCacheOperation(step.eventName)?.readOnly ?? false,
      error: step.error,
    });
    return { record, accountId: place.account.id, region, timeMs };
  }
}
