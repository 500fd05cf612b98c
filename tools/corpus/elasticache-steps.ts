// The vocabulary of ElastiCache scenarios: a lifecycle is a generator that yields one API call
// (a step) at a time; the code before each `yield` runs at that call's time, so responses can
// carry the right create times. Shared helpers for request fragments live here too.

import type { Region } from "./accounts";
import { envName, type Engine, type Inventory, type Place } from "./elasticache-inventory";
import type { Principal } from "./identities";
import type { JsonObject } from "./json";
import type { Rng } from "./prng";
import type { Roster } from "./roster";

export interface EcStep {
  eventName: string;
  requestParameters: JsonObject | null;
  responseElements: JsonObject | null;
  /** Defaults to the lifecycle's region (global datastores span two). */
  region?: Region;
  /** Defaults to the lifecycle's operator. */
  actor?: Principal;
  /** The resource an AccessDenied message would name; the type wildcard otherwise. */
  resourceArn?: string;
  /** A call that fails by nature (e.g. legacy security-group calls in a VPC-only account). */
  error?: { code: string; message: string };
}

export type OperatorStyle = "terraform" | "console" | "cli" | "cloudformation" | "sdk";

export interface LifecycleContext {
  rng: Rng;
  clock: { nowMs: number };
  place: Place;
  inventory: Inventory;
  roster: Roster;
  operator: Principal;
  style: OperatorStyle;
}

export type Lifecycle = Generator<EcStep, void, void>;

export const NODE_TYPES = [
  "cache.t4g.micro",
  "cache.t4g.small",
  "cache.t4g.medium",
  "cache.m7g.large",
  "cache.m7g.xlarge",
  "cache.r7g.large",
  "cache.r7g.xlarge",
  "cache.r6g.2xlarge",
  "cache.m6g.large",
];

const ENGINE_VERSIONS: Record<Engine, string[]> = {
  redis: ["7.1", "7.0", "6.2"],
  valkey: ["8.0", "7.2"],
  memcached: ["1.6.22", "1.6.17", "1.6.12"],
};

export function engineVersion(rng: Rng, engine: Engine): string {
  return rng.pick(ENGINE_VERSIONS[engine]);
}

export function newerEngineVersion(engine: Engine, current: string): string | undefined {
  const versions = ENGINE_VERSIONS[engine];
  const i = versions.indexOf(current);
  return i > 0 ? versions[i - 1] : undefined;
}

export function parameterFamily(engine: Engine, version: string): string {
  if (engine === "memcached") return "memcached1.6";
  if (engine === "valkey") return version.startsWith("8") ? "valkey8" : "valkey7";
  return version.startsWith("6") ? "redis6.x" : "redis7";
}

const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

export function maintenanceWindow(rng: Rng): string {
  const day = rng.pick(DAYS);
  const hour = rng.between(0, 22);
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${day}:${pad(hour)}:00-${day}:${pad(hour + 1)}:00`;
}

export function snapshotWindow(rng: Rng): string {
  const hour = rng.between(0, 22);
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${pad(hour)}:00-${pad(hour + 1)}:00`;
}

export function tagList(ctx: LifecycleContext, app: string): JsonObject[] {
  const managedBy =
    ctx.style === "terraform" ? "terraform" : ctx.style === "cloudformation" ? "cloudformation" : "manual";
  return [
    { key: "env", value: envName(ctx.place.account) },
    { key: "app", value: app },
    { key: "team", value: ctx.rng.pick(["platform", "payments", "growth", "search", "core-api"]) },
    { key: "managed-by", value: managedBy },
  ];
}

/** Terraform and CloudFormation send tags with the create call; people add them afterwards. */
export function tagsOnCreate(ctx: LifecycleContext): boolean {
  return ctx.style === "terraform" || ctx.style === "cloudformation";
}

/** A secret-looking token: authToken and user passwords appear in requestParameters. */
export function secret(rng: Rng): string {
  return rng.chars("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!&#$^<>-", rng.between(24, 40));
}

/** People in the console and the CLI look around after a change; automation doesn't. */
export function* browse(ctx: LifecycleContext, calls: [string, JsonObject][]): Lifecycle {
  if (ctx.style !== "console" && ctx.style !== "cli") return;
  for (const [eventName, requestParameters] of calls) {
    if (ctx.rng.chance(0.6)) yield { eventName, requestParameters, responseElements: null };
  }
}

export function* addTags(ctx: LifecycleContext, arn: string, app: string): Lifecycle {
  const tags = tagList(ctx, app).slice(0, ctx.rng.between(1, 4));
  yield {
    eventName: "AddTagsToResource",
    requestParameters: { resourceName: arn, tags },
    responseElements: { tagList: tags },
    resourceArn: arn,
  };
}

export function appOf(id: string): string {
  return id.split("-")[0] ?? id;
}
