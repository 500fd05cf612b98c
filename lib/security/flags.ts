import { z } from "zod";

// Which calls the Overview and Security views single out, decided once per event at ingest
// (lib/ingest/store.ts writes them to security_event) from the call itself. Pure: zod only.
//
// - destructive: every Delete* call.
// - failover: TestFailover and global datastore failovers.
// - auth: a change of a Redis/Valkey AUTH token (the parameters name authToken or its strategy).
// - users: ElastiCache users and user groups created, changed or deleted, or a group's users
//   swapped on a cache.
// - encryption: in-transit or at-rest encryption or the KMS key changed on a Modify* call.
// - network: security groups (VPC or classic) and subnet groups created, changed or deleted,
//   or a cache's security groups changed.
// - root: any call by the account's root user.
// - console-no-mfa: a console call whose session was not MFA-authenticated.
// A call may carry several flags (a ModifyReplicationGroup that rotates the token and turns
// on transit encryption is both auth and encryption).

export const securityFlagSchema = z.enum([
  "destructive",
  "failover",
  "auth",
  "users",
  "encryption",
  "network",
  "root",
  "console-no-mfa",
]);
export type SecurityFlag = z.infer<typeof securityFlagSchema>;
export const SECURITY_FLAGS = securityFlagSchema.options;

/** The flags that make a call a "destructive or sensitive action". */
export const SENSITIVE_FLAGS: readonly SecurityFlag[] = [
  "destructive",
  "failover",
  "auth",
  "users",
  "encryption",
  "network",
];

export const SECURITY_FLAG_LABELS: Readonly<Record<SecurityFlag, string>> = {
  destructive: "Deletion",
  failover: "Failover",
  auth: "Auth token",
  users: "Users and user groups",
  encryption: "Encryption",
  network: "Security and subnet groups",
  root: "Root user",
  "console-no-mfa": "Console without MFA",
};

const FAILOVERS = new Set(["TestFailover", "FailoverGlobalReplicationGroup"]);
const USER_CALLS = /^(Create|Modify|Delete)(User|UserGroup)$/;
const NETWORK_CALLS =
  /^((Create|Modify|Delete)CacheSubnetGroup|(Create|Delete)CacheSecurityGroup|(Authorize|Revoke)CacheSecurityGroupIngress)$/;

/** Request parameters whose presence on a Modify* call makes it sensitive, by flag. */
const SENSITIVE_PARAMETERS: Readonly<Partial<Record<SecurityFlag, readonly string[]>>> = {
  auth: ["authToken", "authTokenUpdateStrategy"],
  users: ["userGroupIdsToAdd", "userGroupIdsToRemove"],
  encryption: ["transitEncryptionEnabled", "transitEncryptionMode", "atRestEncryptionEnabled", "kmsKeyId"],
  network: ["securityGroupIds", "cacheSecurityGroupNames"],
};

export interface FlaggedCall {
  eventName: string;
  userAgentFamily: string;
  mfaAuthenticated: boolean | null;
  actorType: string;
  /** The record's requestParameters, if any. */
  requestParameters: unknown;
}

export function securityFlags(call: FlaggedCall): SecurityFlag[] {
  const flags = new Set<SecurityFlag>();
  const name = call.eventName;
  if (name.startsWith("Delete")) flags.add("destructive");
  if (FAILOVERS.has(name)) flags.add("failover");
  if (USER_CALLS.test(name)) flags.add("users");
  if (NETWORK_CALLS.test(name)) flags.add("network");
  const params = call.requestParameters;
  if (name.startsWith("Modify") && params !== null && typeof params === "object" && !Array.isArray(params)) {
    for (const [flag, keys] of Object.entries(SENSITIVE_PARAMETERS) as [SecurityFlag, readonly string[]][])
      if (keys.some((k) => Object.hasOwn(params, k))) flags.add(flag);
  }
  if (call.actorType === "Root") flags.add("root");
  if (call.userAgentFamily === "console" && call.mfaAuthenticated !== true) flags.add("console-no-mfa");
  return SECURITY_FLAGS.filter((f) => flags.has(f));
}
