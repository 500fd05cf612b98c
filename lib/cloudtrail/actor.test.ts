import { describe, expect, it } from "vitest";
import { IDENTITIES, type IdentityFixture, type IdentityName } from "@/tests/fixtures/user-identities";
import { HIDDEN_VALUE, normaliseActor } from "./actor";
import { userIdentitySchema } from "./schema";

describe("normaliseActor, per identity type", () => {
  it("IAMUser: the user name", () => {
    const a = normaliseActor({
      type: "IAMUser",
      principalId: "AIDAEXAMPLE",
      arn: "arn:aws:iam::123456789012:user/ops/alice",
      accountId: "123456789012",
      userName: "alice",
    });
    expect(a).toEqual({
      key: "IAMUser|arn|arn:aws:iam::123456789012:user/ops/alice",
      type: "IAMUser",
      name: "alice",
      arn: "arn:aws:iam::123456789012:user/ops/alice",
      principalId: "AIDAEXAMPLE",
      accountId: "123456789012",
      sessionIssuerArn: null,
      sessionIssuerName: null,
      sessionName: null,
      invokedBy: null,
    });
  });

  it("IAMUser with a hidden user name: named from the ARN, never merged with other users", () => {
    const a = normaliseActor({ type: "IAMUser", userName: HIDDEN_VALUE, arn: "arn:aws:iam::1:user/path/bob" });
    expect(a.name).toBe("bob");
    const hiddenOnly = normaliseActor({ type: "IAMUser", userName: HIDDEN_VALUE, accountId: "1" });
    expect(hiddenOnly.name).toBe(HIDDEN_VALUE);
    expect(hiddenOnly.key).toBe("IAMUser|account|1");
  });

  it("Root: 'root', one key per account", () => {
    const a = normaliseActor({
      type: "Root",
      principalId: "123456789012",
      arn: "arn:aws:iam::123456789012:root",
      accountId: "123456789012",
    });
    const b = normaliseActor({ type: "Root", principalId: "123456789012", accountId: "123456789012" });
    const other = normaliseActor({ type: "Root", accountId: "999999999999" });
    expect(a.name).toBe("root");
    expect(a.key).toBe("Root|account|123456789012");
    expect(b.key).toBe(a.key);
    expect(other.key).not.toBe(a.key);
    expect(normaliseActor({ type: "Root" }, { recipientAccountId: "555" })).toMatchObject({
      accountId: "555",
      key: "Root|account|555",
    });
  });

  it("AssumedRole: 'Role/session' from the ARN, issuer from sessionContext", () => {
    const a = normaliseActor({
      type: "AssumedRole",
      principalId: "AROAEXAMPLE:i-07e94667904714f72",
      arn: "arn:aws:sts::499514681453:assumed-role/MySQLPrometheusRole/i-07e94667904714f72",
      accountId: "499514681453",
      accessKeyId: "ASIAEXAMPLE",
      sessionContext: {
        sessionIssuer: {
          type: "Role",
          principalId: "AROAEXAMPLE",
          arn: "arn:aws:iam::499514681453:role/service/MySQLPrometheusRole",
          accountId: "499514681453",
          userName: "MySQLPrometheusRole",
        },
        attributes: { creationDate: "2024-01-01T00:00:00Z", mfaAuthenticated: "false" },
      },
    });
    expect(a).toMatchObject({
      type: "AssumedRole",
      name: "MySQLPrometheusRole/i-07e94667904714f72",
      sessionName: "i-07e94667904714f72",
      sessionIssuerArn: "arn:aws:iam::499514681453:role/service/MySQLPrometheusRole",
      sessionIssuerName: "MySQLPrometheusRole",
      key: "AssumedRole|arn|arn:aws:sts::499514681453:assumed-role/MySQLPrometheusRole/i-07e94667904714f72",
    });
  });

  it("AssumedRole without an ARN: role from the issuer, session from principalId", () => {
    const a = normaliseActor({
      type: "AssumedRole",
      principalId: "AROAEXAMPLE:botocore-session-1",
      sessionContext: { sessionIssuer: { userName: "Deployer" } },
    });
    expect(a.name).toBe("Deployer/botocore-session-1");
    expect(a.key).toBe("AssumedRole|principal|AROAEXAMPLE:botocore-session-1");
  });

  it("AssumedRole with invokedBy keeps it", () => {
    const a = normaliseActor({
      type: "AssumedRole",
      arn: "arn:aws:sts::1:assumed-role/R/s",
      invokedBy: "cloudformation.amazonaws.com",
    });
    expect(a.invokedBy).toBe("cloudformation.amazonaws.com");
    expect(a.name).toBe("R/s");
  });

  it("Role: the role name", () => {
    const a = normaliseActor({ type: "Role", arn: "arn:aws:iam::1:role/path/Worker", principalId: "AROA1" });
    expect(a).toMatchObject({ name: "Worker", key: "Role|arn|arn:aws:iam::1:role/path/Worker", accountId: "1" });
  });

  it("FederatedUser: the federated name, issuer kept", () => {
    const a = normaliseActor({
      type: "FederatedUser",
      principalId: "123456789012:Bob",
      arn: "arn:aws:sts::123456789012:federated-user/Bob",
      accountId: "123456789012",
      sessionContext: {
        sessionIssuer: { type: "IAMUser", arn: "arn:aws:iam::123456789012:user/broker", userName: "broker" },
      },
    });
    expect(a).toMatchObject({ name: "Bob", sessionName: "Bob", sessionIssuerName: "broker" });
    expect(normaliseActor({ type: "FederatedUser", principalId: "123:Carol" }).name).toBe("Carol");
  });

  it("Directory: the user name", () => {
    const a = normaliseActor({ type: "Directory", principalId: "d-123:S-1-5", userName: "jdoe", accountId: "1" });
    expect(a).toMatchObject({ name: "jdoe", key: "Directory|principal|d-123:S-1-5" });
  });

  it("AWSAccount: the account, keyed by principal", () => {
    const a = normaliseActor({
      type: "AWSAccount",
      principalId: "AIDAOTHER",
      accountId: "777788889999",
      invokedBy: "AWS Internal",
    });
    expect(a).toMatchObject({ name: "777788889999", key: "AWSAccount|principal|AIDAOTHER", invokedBy: "AWS Internal" });
  });

  it("AWSService: the service's host name", () => {
    const a = normaliseActor({ type: "AWSService", invokedBy: "elasticache.amazonaws.com" });
    expect(a).toMatchObject({
      name: "elasticache.amazonaws.com",
      key: "AWSService|service|elasticache.amazonaws.com",
      invokedBy: "elasticache.amazonaws.com",
    });
    expect(normaliseActor({ type: "AWSService", invokedBy: "backup.amazonaws.com" }).key).not.toBe(a.key);
  });

  it("IdentityCenterUser: the user id within its identity store", () => {
    const a = normaliseActor({
      type: "IdentityCenterUser",
      accountId: "123456789012",
      onBehalfOf: {
        userId: "544894e8-80c1-707f",
        identityStoreArn: "arn:aws:identitystore::123456789012:identitystore/d-9067642ac7",
      },
      credentialId: "EXAMPLE",
    });
    expect(a).toMatchObject({
      name: "544894e8-80c1-707f",
      sessionIssuerArn: "arn:aws:identitystore::123456789012:identitystore/d-9067642ac7",
      key: "IdentityCenterUser|user|arn:aws:identitystore::123456789012:identitystore/d-9067642ac7|544894e8-80c1-707f",
    });
  });

  it("SAMLUser and WebIdentityUser: user name, provider as issuer", () => {
    const saml = normaliseActor({
      type: "SAMLUser",
      principalId: "Sample+Ex=:SamlExample",
      userName: "SamlExample",
      identityProvider: "Sample+Ex=",
    });
    expect(saml).toMatchObject({
      name: "SamlExample",
      sessionIssuerName: "Sample+Ex=",
      key: "SAMLUser|principal|Sample+Ex=:SamlExample",
    });
    const web = normaliseActor({ type: "WebIdentityUser", userName: "12345", identityProvider: "accounts.google.com" });
    expect(web).toMatchObject({
      name: "12345",
      sessionIssuerName: "accounts.google.com",
      key: "WebIdentityUser|user|accounts.google.com|12345",
    });
  });

  it("Unknown: whatever identifies it", () => {
    expect(normaliseActor({ type: "Unknown", principalId: "X", accountId: "1" })).toMatchObject({
      type: "Unknown",
      name: "X",
      key: "Unknown|principal|X",
    });
  });

  it("a missing userIdentity is one Unknown actor per account", () => {
    const a = normaliseActor(undefined, { recipientAccountId: "123" });
    expect(a).toMatchObject({ type: "Unknown", name: "unknown", key: "Unknown|account|123", arn: null });
    expect(normaliseActor(null).key).toBe("Unknown|account|");
    expect(normaliseActor({}).type).toBe("Unknown");
  });

  it("a type CloudTrail adds later is kept as given", () => {
    expect(normaliseActor({ type: "AgentIdentity", arn: "arn:aws:x::1:agent/a1" })).toMatchObject({
      type: "AgentIdentity",
      name: "a1",
    });
  });

  it("keys are deterministic and distinct across principals", () => {
    const identities = [
      { type: "IAMUser", arn: "arn:aws:iam::1:user/a" },
      { type: "IAMUser", arn: "arn:aws:iam::1:user/b" },
      { type: "IAMUser", arn: "arn:aws:iam::2:user/a" },
      { type: "Role", arn: "arn:aws:iam::1:user/a" },
      { type: "AssumedRole", arn: "arn:aws:sts::1:assumed-role/R/s1" },
      { type: "AssumedRole", arn: "arn:aws:sts::1:assumed-role/R/s2" },
      { type: "Root", accountId: "1" },
      { type: "AWSService", invokedBy: "a.amazonaws.com" },
    ];
    const keys = identities.map((i) => normaliseActor(i).key);
    expect(new Set(keys).size).toBe(identities.length);
    expect(identities.map((i) => normaliseActor({ ...i }).key)).toEqual(keys);
  });
});

describe("normaliseActor on CloudTrail's own identities (tests/fixtures/user-identities.ts)", () => {
  const actorOf = (name: IdentityName) => {
    const f: IdentityFixture = IDENTITIES[name];
    return normaliseActor(userIdentitySchema.parse(f.userIdentity), { recipientAccountId: f.recipientAccountId });
  };

  it("IAMUser: the user name, keyed by ARN; console sessions are the same user", () => {
    expect(actorOf("iamUser")).toEqual({
      key: "IAMUser|arn|arn:aws:iam::123456789012:user/Alice",
      type: "IAMUser",
      name: "Alice",
      arn: "arn:aws:iam::123456789012:user/Alice",
      principalId: "AIDAJ45Q7YFFAREXAMPLE",
      accountId: "123456789012",
      sessionIssuerArn: null,
      sessionIssuerName: null,
      sessionName: null,
      invokedBy: null,
    });
    expect(actorOf("iamUserConsole").key).toBe(actorOf("iamUser").key);
  });

  it("AssumedRole: 'role/session', one actor per session name, grouped by the role that issued it", () => {
    expect(actorOf("assumedRole")).toEqual({
      key: "AssumedRole|arn|arn:aws:sts::123456789012:assumed-role/RoleToBeAssumed/MySessionName",
      type: "AssumedRole",
      name: "RoleToBeAssumed/MySessionName",
      arn: "arn:aws:sts::123456789012:assumed-role/RoleToBeAssumed/MySessionName",
      principalId: "AROAIDPPEZS35WEXAMPLE:AssumedRoleSessionName",
      accountId: "123456789012",
      sessionIssuerArn: "arn:aws:iam::123456789012:role/RoleToBeAssumed",
      sessionIssuerName: "RoleToBeAssumed",
      sessionName: "MySessionName",
      invokedBy: null,
    });
    const other = actorOf("assumedRoleOtherSession");
    expect(other.key).toBe("AssumedRole|arn|arn:aws:sts::123456789012:assumed-role/RoleToBeAssumed/bob@example.com");
    expect(other.name).toBe("RoleToBeAssumed/bob@example.com");
    expect(other.sessionIssuerArn).toBe(actorOf("assumedRole").sessionIssuerArn);
  });

  it("invokedBy is kept but does not change who the actor is", () => {
    const a = actorOf("assumedRoleInvokedBy");
    expect(a).toMatchObject({
      key: "AssumedRole|arn|arn:aws:sts::123456789012:assumed-role/cfn-deploy/AWSCloudFormation",
      name: "cfn-deploy/AWSCloudFormation",
      invokedBy: "cloudformation.amazonaws.com",
      sessionIssuerArn: "arn:aws:iam::123456789012:role/service-role/cfn-deploy",
    });
    const { invokedBy: _relay, ...direct } = IDENTITIES.assumedRoleInvokedBy.userIdentity;
    expect(normaliseActor(userIdentitySchema.parse(direct)).key).toBe(a.key);
  });

  it("a session without a sessionContext still groups under its role (ARN rebuilt, no path)", () => {
    const { sessionContext: _context, ...bare } = IDENTITIES.assumedRole.userIdentity;
    expect(normaliseActor(userIdentitySchema.parse(bare))).toMatchObject({
      sessionIssuerArn: "arn:aws:iam::123456789012:role/RoleToBeAssumed",
      sessionIssuerName: "RoleToBeAssumed",
    });
    const china = normaliseActor({ type: "AssumedRole", arn: "arn:aws-cn:sts::123456789012:assumed-role/R/s" });
    expect(china.sessionIssuerArn).toBe("arn:aws-cn:iam::123456789012:role/R");
  });

  it("cross-account: the actor belongs to its own account, not the one it called", () => {
    expect(actorOf("crossAccountAssumedRole")).toMatchObject({
      accountId: "111122223333",
      name: "CacheAdmin/ops-automation",
      sessionIssuerArn: "arn:aws:iam::111122223333:role/CacheAdmin",
      key: "AssumedRole|arn|arn:aws:sts::111122223333:assumed-role/CacheAdmin/ops-automation",
    });
    expect(actorOf("awsAccount").accountId).toBe("111122223333");
  });

  it("Root: 'root' whatever the alias in userName, one per account", () => {
    expect(actorOf("root")).toMatchObject({
      name: "root",
      key: "Root|account|123456789012",
      accountId: "123456789012",
    });
  });

  it("AWSService: the service, keyed by it alone", () => {
    expect(actorOf("awsService")).toEqual({
      key: "AWSService|service|elasticache.amazonaws.com",
      type: "AWSService",
      name: "elasticache.amazonaws.com",
      arn: null,
      principalId: null,
      accountId: null,
      sessionIssuerArn: null,
      sessionIssuerName: null,
      sessionName: null,
      invokedBy: "elasticache.amazonaws.com",
    });
  });

  it("AWSAccount: the calling account; by principal, else one actor per account whatever relayed it", () => {
    expect(actorOf("awsAccount")).toMatchObject({
      name: "111122223333",
      key: "AWSAccount|principal|AIDAQRSTUVWXYZEXAMPLE",
    });
    expect(actorOf("awsAccountInternal")).toMatchObject({
      name: "111122223333",
      key: "AWSAccount|account|111122223333",
      invokedBy: "AWS Internal",
    });
    const viaAnother = normaliseActor({
      type: "AWSAccount",
      accountId: "111122223333",
      invokedBy: "ec2.amazonaws.com",
    });
    expect(viaAnother.key).toBe(actorOf("awsAccountInternal").key);
    expect(normaliseActor({ type: "AWSAccount", accountId: "999999999999", invokedBy: "AWS Internal" }).key).toBe(
      "AWSAccount|account|999999999999",
    );
  });

  it("FederatedUser: the federated name, issued by the IAM user that called GetFederationToken", () => {
    expect(actorOf("federatedUser")).toMatchObject({
      name: "Bob",
      key: "FederatedUser|arn|arn:aws:sts::123456789012:federated-user/Bob",
      sessionName: "Bob",
      sessionIssuerArn: "arn:aws:iam::123456789012:user/token-broker",
      sessionIssuerName: "token-broker",
      accountId: "123456789012",
    });
  });

  it("SAMLUser and WebIdentityUser: the subject, keyed by principalId, the provider as issuer", () => {
    expect(actorOf("samlUser")).toMatchObject({
      name: "SamlExample",
      key: "SAMLUser|principal|SampleUkh1i4+ExamplexL/jEvs=:SamlExample",
      sessionIssuerName: "bdGOnTesti4+ExamplexL/jEvs=",
      accountId: null,
    });
    expect(actorOf("webIdentityUser")).toMatchObject({
      name: "user-id",
      key: "WebIdentityUser|principal|accounts.google.com:application-id.apps.googleusercontent.com:user-id",
      sessionIssuerName: "accounts.google.com",
    });
  });

  it("IdentityCenterUser: the user id in its identity store", () => {
    expect(actorOf("identityCenterUser")).toMatchObject({
      name: "544894e8-80c1-707f-60e3-3ba6510dfac1",
      key:
        "IdentityCenterUser|user|arn:aws:identitystore::123456789012:identitystore/d-9067642ac7|" +
        "544894e8-80c1-707f-60e3-3ba6510dfac1",
      accountId: "123456789012",
      sessionIssuerArn: "arn:aws:identitystore::123456789012:identitystore/d-9067642ac7",
    });
  });

  it("Unknown: a user name tells the people of one account apart; nothing at all is one per account", () => {
    const carol = actorOf("unknownWithUserName");
    expect(carol).toMatchObject({ name: "carol@example.com", key: "Unknown|user|123456789012|carol@example.com" });
    expect(actorOf("unknownOtherUserName").key).toBe("Unknown|user|123456789012|dave@example.com");
    expect(actorOf("unknownBare")).toMatchObject({
      type: "Unknown",
      name: "unknown",
      key: "Unknown|account|123456789012",
      accountId: null,
    });
  });

  it("every fixture identity has its own key, and the same identity always the same one", () => {
    const names = (Object.keys(IDENTITIES) as IdentityName[]).filter((n) => n !== "iamUserConsole");
    const keys = names.map(actorOf).map((a) => a.key);
    expect(new Set(keys).size).toBe(names.length);
    expect(names.map(actorOf).map((a) => a.key)).toEqual(keys);
  });
});
