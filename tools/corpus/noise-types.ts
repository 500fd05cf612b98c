// Shared types and helpers of the other-service ("noise") records that surround ElastiCache
// events in real trails.

import type { Account, Region } from "./accounts";
import type { Principal } from "./identities";
import type { JsonObject } from "./json";
import { ALPHABETS, type Rng } from "./prng";
import type { Roster } from "./roster";

export interface NoiseContext {
  rng: Rng;
  roster: Roster;
  account: Account;
  region: Region;
  nowMs: number;
  /** A KMS key of this account and region. */
  kmsKeyArn: string;
}

export interface NoiseCall {
  actor: Principal;
  requestParameters: JsonObject | null;
  responseElements: JsonObject | null;
  resources?: JsonObject[];
  additionalEventData?: JsonObject;
  eventType?: string;
  requestIdStyle?: "uuid" | "s3";
  host?: string;
  apiVersion?: string;
  sharedEventID?: string;
  error?: { code: string; message: string };
}

export interface NoiseOperation {
  eventSource: string;
  eventName: string;
  weight: number;
  readOnly: boolean;
  /** IAM, console sign-in and Identity Center record their events in us-east-1 whatever the caller. */
  global?: boolean;
  build(ctx: NoiseContext): NoiseCall;
}

/** Who makes everyday management calls: mostly automation, some people. */
export function everydayActor(ctx: NoiseContext): Principal {
  const r = ctx.rng.float();
  const { roster } = ctx;
  if (r < 0.25) return roster.terraform;
  if (r < 0.45) return ctx.rng.pick(roster.consoleAdmins);
  if (r < 0.55) return roster.cliUser;
  if (r < 0.7) return roster.platformOperator;
  if (r < 0.8) return roster.eksTooling;
  if (r < 0.9) return roster.lambdaApp;
  if (r < 0.95) return roster.cloudFormation;
  return roster.consoleIamUser;
}

export function bucketNames(account: Account): string[] {
  return [
    `${account.alias}-artifacts`,
    `${account.alias}-app-logs`,
    `${account.alias}-data-lake`,
    `${account.alias}-tf-state`,
  ];
}

export const FUNCTION_NAMES = ["orders-api", "image-resizer", "cache-warmer", "nightly-report", "webhook-relay"];

/** A session token as STS returns it: long, base64-looking. */
export function sessionToken(rng: Rng): string {
  return `IQoJb3JpZ2luX2Vj${rng.chars(`${ALPHABETS.MIXED_ALNUM}+/`, 360)}`;
}

export function ec2Id(rng: Rng, prefix: string): string {
  return `${prefix}-0${rng.hex(16)}`;
}

export function roleArn(account: Account, name: string): string {
  return `arn:aws:iam::${account.id}:role/${name}`;
}
