// Who made a call. CloudTrail describes the caller with a dozen identity types whose useful
// fields differ (an IAM user has a userName, an assumed role only an ARN, a service only
// invokedBy), so each type gets the name a human would recognise, and every principal gets a
// deterministic key so the same caller always maps to the same stored actor.

import type { UserIdentity } from "./schema";
import type { NormalisedActor } from "./types";

/** CloudTrail's placeholder when it withholds a user name (e.g. a mistyped sign-in name). */
export const HIDDEN_VALUE = "HIDDEN_DUE_TO_SECURITY_REASONS";

/** What the actor needs from the record beyond userIdentity. */
export interface ActorContext {
  recipientAccountId?: string | null;
}

interface Arn {
  account: string;
  /** Everything after the fifth colon: "user/path/name", "assumed-role/Role/session", "root". */
  resource: string;
}

function parseArn(arn: string | undefined): Arn | null {
  if (!arn?.startsWith("arn:")) return null;
  const parts = arn.split(":");
  if (parts.length < 6) return null;
  return { account: parts[4] ?? "", resource: parts.slice(5).join(":") };
}

/** "user/path/to/alice" → "alice": IAM paths are organisational, the last segment is the name. */
function lastSegment(resource: string): string | undefined {
  const name = resource.slice(resource.lastIndexOf("/") + 1);
  return name === "" ? undefined : name;
}

/** A value worth showing as a name: present and not CloudTrail's hidden placeholder. */
function usable(value: string | null | undefined): string | undefined {
  return value && value !== HIDDEN_VALUE ? value : undefined;
}

/** Non-empty string or undefined, so `??` chains skip "" the same way they skip null. */
function present(value: string | null | undefined): string | undefined {
  return value ? value : undefined;
}

export function normaliseActor(identity: UserIdentity | null | undefined, record: ActorContext = {}): NormalisedActor {
  const id = identity ?? {};
  const type = present(id.type) ?? "Unknown";
  const arn = present(id.arn);
  const parsedArn = parseArn(arn);
  const principalId = present(id.principalId);
  const invokedBy = present(id.invokedBy);
  const issuer = id.sessionContext?.sessionIssuer;
  const recipient = present(record.recipientAccountId);
  let accountId = present(id.accountId) ?? present(parsedArn?.account);

  const actor: NormalisedActor = {
    key: "",
    type,
    name: "",
    arn: arn ?? null,
    principalId: principalId ?? null,
    accountId: null,
    sessionIssuerArn: present(issuer?.arn) ?? null,
    sessionIssuerName: present(issuer?.userName) ?? null,
    sessionName: null,
    invokedBy: invokedBy ?? null,
  };
  // Fallback for types without a specific rule: the user name, else what the ARN calls it.
  const genericName =
    usable(id.userName) ?? (parsedArn && lastSegment(parsedArn.resource)) ?? principalId ?? present(id.userName);

  switch (type) {
    case "Root":
      // Root is one principal per account whatever ARN or principalId a record shows.
      accountId ??= recipient;
      actor.name = "root";
      actor.key = `Root|account|${accountId ?? ""}`;
      break;
    case "AssumedRole": {
      const session = assumedRoleSession(parsedArn, principalId);
      const role = session.role ?? usable(issuer?.userName);
      actor.sessionName = session.name ?? null;
      actor.sessionIssuerName ??= role ?? null;
      // Records without a sessionContext (some service-invoked calls) still group under their
      // role: its ARN rebuilt from the session's. IAM role names are unique in an account, so
      // only a role path, which the session ARN does not carry, can differ.
      if (!actor.sessionIssuerArn && session.role && parsedArn && arn) {
        actor.sessionIssuerArn = `arn:${arn.split(":")[1]}:iam::${parsedArn.account}:role/${session.role}`;
      }
      actor.name =
        role && session.name ? `${role}/${session.name}` : (role ?? session.name ?? genericName ?? "unknown");
      break;
    }
    case "FederatedUser": {
      // arn:aws:sts::123456789012:federated-user/Bob — principalId is "123456789012:Bob".
      const fedName = parsedArn?.resource.startsWith("federated-user/")
        ? parsedArn.resource.slice("federated-user/".length)
        : principalId?.slice(principalId.indexOf(":") + 1);
      actor.sessionName = present(fedName) ?? null;
      actor.name = present(fedName) ?? genericName ?? "unknown";
      break;
    }
    case "AWSService":
      actor.name = invokedBy ?? principalId ?? "AWS service";
      if (invokedBy) actor.key = `AWSService|service|${invokedBy}`;
      break;
    case "AWSAccount":
      actor.name = accountId ?? principalId ?? "unknown account";
      break;
    case "IdentityCenterUser": {
      const userId = present(id.onBehalfOf?.userId);
      const store = present(id.onBehalfOf?.identityStoreArn);
      actor.name = usable(id.userName) ?? userId ?? genericName ?? "unknown";
      // The identity store plays the issuer's part: it vouches for the user.
      actor.sessionIssuerArn ??= store ?? null;
      if (userId) actor.key = `IdentityCenterUser|user|${store ?? ""}|${userId}`;
      break;
    }
    case "SAMLUser":
    case "WebIdentityUser":
      actor.name = usable(id.userName) ?? principalId ?? present(id.userName) ?? "unknown";
      // The identity provider is who vouched for this user; shown as the issuer.
      actor.sessionIssuerName ??= present(id.identityProvider) ?? null;
      if (!principalId && id.userName) {
        actor.key = `${type}|user|${id.identityProvider ?? ""}|${id.userName}`;
      }
      break;
    case "Unknown":
      actor.name = genericName ?? (invokedBy || accountId || "unknown");
      // Sign-ins CloudTrail cannot type (e.g. IAM Identity Center users) carry only a user
      // name, with the account as principalId: the name tells the people of an account apart.
      if (!arn && usable(id.userName)) actor.key = `Unknown|user|${accountId ?? recipient ?? ""}|${id.userName}`;
      break;
    default:
      // IAMUser, Role, Directory and types CloudTrail may add later.
      actor.name = genericName ?? (invokedBy || accountId || "unknown");
  }

  actor.accountId = accountId ?? null;
  if (!actor.key) actor.key = genericKey(type, arn, principalId, accountId ?? recipient);
  return actor;
}

/**
 * The first identifier that names exactly this principal, most specific first. invokedBy is
 * not one: it names the service that relayed the call, not whose credentials made it (only an
 * AWSService actor is keyed by it, above).
 */
function genericKey(
  type: string,
  arn: string | undefined,
  principalId: string | undefined,
  accountId: string | undefined,
): string {
  if (arn) return `${type}|arn|${arn}`;
  if (principalId) return `${type}|principal|${principalId}`;
  // Nothing identifies the caller: all such calls in one account are one actor of the type.
  return `${type}|account|${accountId ?? ""}`;
}

/** Role and session of "arn:aws:sts::acct:assumed-role/Role/session", else the session from principalId. */
function assumedRoleSession(arn: Arn | null, principalId: string | undefined): { role?: string; name?: string } {
  if (arn?.resource.startsWith("assumed-role/")) {
    const rest = arn.resource.slice("assumed-role/".length);
    const slash = rest.indexOf("/");
    if (slash > 0) return { role: rest.slice(0, slash), name: present(rest.slice(slash + 1)) };
    return { role: present(rest) };
  }
  // principalId of a role session is "AROAEXAMPLEID:session-name".
  const colon = principalId?.indexOf(":") ?? -1;
  return colon >= 0 ? { name: present(principalId?.slice(colon + 1)) } : {};
}
