// Principals: who calls the APIs. Each factory returns a Principal whose `act` yields the
// userIdentity block, user agent and source address of one call, in the shapes CloudTrail
// writes for that identity type (IAMUser, AssumedRole with sessionIssuer, Root, AWSService…).

import type { Account } from "./accounts";
import type { JsonObject } from "./json";
import { ALPHABETS, Rng, hashString } from "./prng";
import { isoSeconds, HOUR } from "./time-format";
import type { Client } from "./user-agents";

export interface Actor {
  userIdentity: JsonObject;
  userAgent: string;
  sourceIPAddress: string;
  /** Console session credentials: the record gets sessionCredentialFromConsole "true". */
  fromConsole: boolean;
  vpcEndpointId?: string;
}

export interface CallInfo {
  /** SDK service id, e.g. "elasticache", used in user agents. */
  service: string;
  eventName: string;
  timeMs: number;
}

export interface Principal {
  key: string;
  accountId: string;
  /** The caller ARN, as quoted in AccessDenied messages. */
  arn(timeMs: number): string;
  act(rng: Rng, call: CallInfo): Actor;
}

/** Where calls come from: fixed public addresses, a VPC endpoint, or an AWS service name. */
export interface Origin {
  client: Client;
  ips: readonly string[];
  /** Console calls proxied by the console backend show "AWS Internal" as both IP and agent. */
  internalShare?: number;
  vpcEndpointId?: string;
}

const PUBLIC_FIRST_OCTETS = [3, 13, 18, 34, 35, 44, 52, 54, 63, 81, 86, 91, 176, 185, 194, 212];

export function publicIp(rng: Rng): string {
  return `${rng.pick(PUBLIC_FIRST_OCTETS)}.${rng.int(256)}.${rng.int(256)}.${rng.between(1, 254)}`;
}

export const awsId = (rng: Rng, prefix: "AIDA" | "AROA" | "AKIA" | "ASIA"): string =>
  prefix + rng.chars(ALPHABETS.UPPER_ALNUM, prefix === "AKIA" || prefix === "ASIA" ? 16 : 17);

/**
 * Temporary credentials last about an hour: derive the session (start, access key) from the
 * principal and the hour it falls in, so the same session keeps the same ASIA key across calls
 * without consuming random draws (which would couple unrelated records).
 */
export function sessionAt(key: string, timeMs: number): { creationDate: string; accessKeyId: string; index: number } {
  const phase = hashString(key) % HOUR;
  const index = Math.floor((timeMs - phase) / HOUR);
  const start = index * HOUR + phase;
  const sessionRng = new Rng(hashString(key) * 65536 + index);
  return { creationDate: isoSeconds(start), accessKeyId: awsId(sessionRng, "ASIA"), index };
}

function place(rng: Rng, origin: Origin, call: CallInfo, service: string): { ip: string; agent: string } {
  if (origin.internalShare !== undefined && rng.chance(origin.internalShare)) {
    return { ip: "AWS Internal", agent: "AWS Internal" };
  }
  return { ip: rng.pick(origin.ips), agent: origin.client.userAgent(service, call.eventName, rng) };
}

export function iamUser(opts: {
  account: Account;
  userName: string;
  userId: string;
  accessKeyId: string;
  origin: Origin;
  console: boolean;
}): Principal {
  const { account, userName, userId, origin } = opts;
  const arn = `arn:aws:iam::${account.id}:user/${userName}`;
  const key = `${account.id}:user/${userName}`;
  return {
    key,
    accountId: account.id,
    arn: () => arn,
    act(rng, call) {
      const { ip, agent } = place(rng, origin, call, call.service);
      const base = { type: "IAMUser", principalId: userId, arn, accountId: account.id };
      if (!opts.console) {
        return {
          userIdentity: { ...base, accessKeyId: opts.accessKeyId, userName },
          userAgent: agent,
          sourceIPAddress: ip,
          fromConsole: false,
        };
      }
      const session = sessionAt(key, call.timeMs);
      return {
        userIdentity: {
          ...base,
          accessKeyId: session.accessKeyId,
          userName,
          sessionContext: {
            sessionIssuer: {},
            webIdFederationData: {},
            attributes: { creationDate: session.creationDate, mfaAuthenticated: "true" },
          },
        },
        userAgent: agent,
        sourceIPAddress: ip,
        fromConsole: true,
      };
    },
  };
}

export interface RoleSpec {
  account: Account;
  roleName: string;
  /** IAM path, "/" or e.g. "/aws-reserved/sso.amazonaws.com/". */
  path: string;
  roleId: string;
  /** The session name may change per session (CI runs, botocore sessions). */
  sessionName: (sessionIndex: number) => string;
  origin: Origin;
  console?: boolean;
  mfa?: boolean;
  /** Set when an AWS service makes the call with this role (CloudFormation, Auto Scaling, Config). */
  invokedBy?: string;
  webIdentityProvider?: string;
  ec2RoleDelivery?: boolean;
}

export function assumedRole(spec: RoleSpec): Principal {
  const { account, roleName, roleId, origin } = spec;
  const key = `${account.id}:role/${roleName}`;
  const roleArn = `arn:aws:iam::${account.id}:role${spec.path}${roleName}`;
  const sessionArn = (name: string): string => `arn:aws:sts::${account.id}:assumed-role/${roleName}/${name}`;
  return {
    key,
    accountId: account.id,
    arn: (timeMs) => sessionArn(spec.sessionName(sessionAt(key, timeMs).index)),
    act(rng, call) {
      const session = sessionAt(key, call.timeMs);
      const name = spec.sessionName(session.index);
      const service = spec.invokedBy ?? call.service;
      const { ip, agent } = spec.invokedBy
        ? { ip: spec.invokedBy, agent: spec.invokedBy }
        : place(rng, origin, call, service);
      return {
        userIdentity: {
          type: "AssumedRole",
          principalId: `${roleId}:${name}`,
          arn: sessionArn(name),
          accountId: account.id,
          accessKeyId: session.accessKeyId,
          sessionContext: {
            sessionIssuer: {
              type: "Role",
              principalId: roleId,
              arn: roleArn,
              accountId: account.id,
              userName: roleName,
            },
            webIdFederationData: spec.webIdentityProvider
              ? { federatedProvider: spec.webIdentityProvider, attributes: {} }
              : {},
            attributes: { creationDate: session.creationDate, mfaAuthenticated: spec.mfa ? "true" : "false" },
            ec2RoleDelivery: spec.ec2RoleDelivery ? "2.0" : undefined,
          },
          invokedBy: spec.invokedBy,
        },
        userAgent: agent,
        sourceIPAddress: ip,
        // Console session credentials, even when the console backend relays the call ("AWS Internal").
        fromConsole: spec.console === true,
        vpcEndpointId: origin.vpcEndpointId,
      };
    },
  };
}

export function rootUser(account: Account, origin: Origin): Principal {
  const key = `${account.id}:root`;
  const arn = `arn:aws:iam::${account.id}:root`;
  return {
    key,
    accountId: account.id,
    arn: () => arn,
    act(rng, call) {
      const session = sessionAt(key, call.timeMs);
      const { ip, agent } = place(rng, origin, call, call.service);
      return {
        userIdentity: {
          type: "Root",
          principalId: account.id,
          arn,
          accountId: account.id,
          accessKeyId: session.accessKeyId,
          sessionContext: { attributes: { creationDate: session.creationDate, mfaAuthenticated: "true" } },
        },
        userAgent: agent,
        sourceIPAddress: ip,
        fromConsole: true,
      };
    },
  };
}

export function federatedUser(opts: {
  account: Account;
  name: string;
  brokerUserName: string;
  brokerUserId: string;
  origin: Origin;
}): Principal {
  const { account, name, origin } = opts;
  const key = `${account.id}:federated-user/${name}`;
  const arn = `arn:aws:sts::${account.id}:federated-user/${name}`;
  return {
    key,
    accountId: account.id,
    arn: () => arn,
    act(rng, call) {
      const session = sessionAt(key, call.timeMs);
      const { ip, agent } = place(rng, origin, call, call.service);
      return {
        userIdentity: {
          type: "FederatedUser",
          principalId: `${account.id}:${name}`,
          arn,
          accountId: account.id,
          accessKeyId: session.accessKeyId,
          sessionContext: {
            sessionIssuer: {
              type: "IAMUser",
              principalId: opts.brokerUserId,
              arn: `arn:aws:iam::${account.id}:user/${opts.brokerUserName}`,
              accountId: account.id,
              userName: opts.brokerUserName,
            },
            webIdFederationData: {},
            attributes: { creationDate: session.creationDate, mfaAuthenticated: "false" },
          },
        },
        userAgent: agent,
        sourceIPAddress: ip,
        fromConsole: false,
      };
    },
  };
}

/** A call made by an AWS service itself: only the service name identifies the caller. */
export function awsService(accountId: string, host: string): Principal {
  return {
    key: `service/${host}`,
    accountId,
    arn: () => host,
    act: () => ({
      userIdentity: { type: "AWSService", invokedBy: host },
      userAgent: host,
      sourceIPAddress: host,
      fromConsole: false,
    }),
  };
}

/** Identity types that only appear on a few services' events (STS federation, IAM Identity Center, cross-account). */
export function fixedIdentity(
  key: string,
  accountId: string,
  userIdentity: JsonObject,
  origin: Origin,
  arn: string,
): Principal {
  return {
    key,
    accountId,
    arn: () => arn,
    act(rng, call) {
      const { ip, agent } = place(rng, origin, call, call.service);
      return { userIdentity, userAgent: agent, sourceIPAddress: ip, fromConsole: false };
    },
  };
}
