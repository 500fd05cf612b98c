// STS, IAM, KMS, console sign-in and IAM Identity Center: the bulk of any trail, and the only
// places some identity types (SAMLUser, WebIdentityUser, IdentityCenterUser, AWSAccount) appear.
// iam CreateUser shares its name with ElastiCache's CreateUser, so filters must check the source.

import { awsId } from "./identities";
import { everydayActor, roleArn, sessionToken, type NoiseContext, type NoiseOperation } from "./noise-types";
import { javaDate, HOUR } from "./time-format";

const ROLE_NAMES = [
  "orders-api-task-role",
  "image-resizer-lambda-role",
  "ci-deploy-role",
  "data-pipeline-role",
  "cache-warmer-lambda-role",
];

function credentials(ctx: NoiseContext, roleName: string, sessionName: string) {
  const arn = `arn:aws:sts::${ctx.account.id}:assumed-role/${roleName}/${sessionName}`;
  return {
    credentials: {
      accessKeyId: awsId(ctx.rng, "ASIA"),
      sessionToken: sessionToken(ctx.rng),
      expiration: javaDate(ctx.nowMs + HOUR),
    },
    assumedRoleUser: { assumedRoleId: `AROA${ctx.rng.hex(17).toUpperCase()}:${sessionName}`, arn },
  };
}

const roleResource = (ctx: NoiseContext, name: string) => [
  { accountId: ctx.account.id, type: "AWS::IAM::Role", ARN: roleArn(ctx.account, name) },
];
const keyResource = (ctx: NoiseContext) => [{ accountId: ctx.account.id, type: "AWS::KMS::Key", ARN: ctx.kmsKeyArn }];

export const IDENTITY_OPERATIONS: NoiseOperation[] = [
  {
    eventSource: "sts.amazonaws.com",
    eventName: "AssumeRole",
    weight: 0.17,
    readOnly: true,
    build(ctx) {
      const role = ctx.rng.pick(ROLE_NAMES);
      const crossAccount = ctx.rng.chance(0.05);
      const byService = !crossAccount && ctx.rng.chance(0.6);
      const actor = crossAccount
        ? ctx.roster.partnerAccount
        : byService
          ? ctx.rng.pick(ctx.roster.serviceInvokers)
          : everydayActor(ctx);
      const sessionName = byService
        ? ctx.rng.pick(["aws-lambda", "ecs-task", "i-0" + ctx.rng.hex(16)])
        : `session-${ctx.rng.hex(8)}`;
      return {
        actor,
        resources: roleResource(ctx, role),
        sharedEventID: crossAccount ? ctx.rng.uuid() : undefined,
        requestParameters: {
          roleArn: roleArn(ctx.account, role),
          roleSessionName: sessionName,
          durationSeconds: byService ? undefined : 3600,
        },
        responseElements: credentials(ctx, role, sessionName),
      };
    },
  },
  {
    eventSource: "sts.amazonaws.com",
    eventName: "AssumeRoleWithWebIdentity",
    weight: 0.02,
    readOnly: true,
    build(ctx) {
      const creds = credentials(ctx, "github-actions-deploy", "GitHubActions");
      return {
        actor: ctx.roster.webIdentityUser,
        resources: roleResource(ctx, "github-actions-deploy"),
        requestParameters: {
          roleArn: roleArn(ctx.account, "github-actions-deploy"),
          roleSessionName: "GitHubActions",
          durationSeconds: 3600,
        },
        responseElements: {
          ...creds,
          subjectFromWebIdentityToken: "repo:acme/platform-infra:ref:refs/heads/main",
          provider: `arn:aws:iam::${ctx.account.id}:oidc-provider/token.actions.githubusercontent.com`,
          audience: "sts.amazonaws.com",
        },
      };
    },
  },
  {
    eventSource: "sts.amazonaws.com",
    eventName: "AssumeRoleWithSAML",
    weight: 0.005,
    readOnly: true,
    build(ctx) {
      const user = "sara.lindqvist@acme.example";
      return {
        actor: ctx.roster.samlUser,
        resources: roleResource(ctx, "okta-engineers"),
        requestParameters: {
          sAMLAssertionID: `_${ctx.rng.hex(32)}`,
          roleSessionName: user,
          principalArn: `arn:aws:iam::${ctx.account.id}:saml-provider/okta`,
          roleArn: roleArn(ctx.account, "okta-engineers"),
          durationSeconds: 3600,
        },
        responseElements: {
          ...credentials(ctx, "okta-engineers", user),
          subject: user,
          subjectType: "persistent",
          issuer: "http://www.okta.com/exk1a2b3c4d5e6f7g8h9",
          audience: "https://signin.aws.amazon.com/saml",
          nameQualifier: ctx.rng.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 27) + "=",
        },
      };
    },
  },
  {
    eventSource: "sts.amazonaws.com",
    eventName: "GetCallerIdentity",
    weight: 0.03,
    readOnly: true,
    build: (ctx) => ({ actor: everydayActor(ctx), requestParameters: null, responseElements: null }),
  },
  {
    eventSource: "kms.amazonaws.com",
    eventName: "Decrypt",
    weight: 0.12,
    readOnly: true,
    build(ctx) {
      const partner = ctx.rng.chance(0.02);
      const actor = partner
        ? ctx.roster.partnerAccount
        : ctx.rng.chance(0.6)
          ? ctx.rng.pick(ctx.roster.serviceInvokers)
          : everydayActor(ctx);
      return {
        actor,
        resources: keyResource(ctx),
        sharedEventID: partner ? ctx.rng.uuid() : undefined,
        requestParameters: {
          encryptionAlgorithm: "SYMMETRIC_DEFAULT",
          encryptionContext: {
            SecretARN:
              `arn:aws:secretsmanager:${ctx.region}:${ctx.account.id}:secret:prod/orders/` +
              `db-${ctx.rng.chars("abcdefABCDEF0123456789", 6)}`,
            SecretVersionId: ctx.rng.uuid(),
          },
        },
        responseElements: null,
      };
    },
  },
  {
    eventSource: "kms.amazonaws.com",
    eventName: "GenerateDataKey",
    weight: 0.06,
    readOnly: true,
    build: (ctx) => ({
      actor: ctx.rng.chance(0.5) ? ctx.rng.pick(ctx.roster.serviceInvokers) : everydayActor(ctx),
      resources: keyResource(ctx),
      requestParameters: {
        keyId: ctx.kmsKeyArn,
        encryptionContext: {
          "aws:s3:arn": `arn:aws:s3:::${ctx.account.alias}-data-lake/raw/${ctx.rng.hex(12)}.parquet`,
        },
        keySpec: "AES_256",
      },
      responseElements: null,
    }),
  },
  {
    eventSource: "kms.amazonaws.com",
    eventName: "RotateKey",
    weight: 0.001,
    readOnly: false,
    build: (ctx) => ({
      actor: ctx.rng.pick(ctx.roster.serviceInvokers),
      eventType: "AwsServiceEvent",
      resources: keyResource(ctx),
      requestParameters: null,
      responseElements: null,
      additionalEventData: { keyId: ctx.kmsKeyArn.split("/").pop() ?? "" },
    }),
  },
  {
    eventSource: "iam.amazonaws.com",
    eventName: "GetRole",
    weight: 0.025,
    readOnly: true,
    global: true,
    build: (ctx) => ({
      actor: everydayActor(ctx),
      host: "iam.amazonaws.com",
      requestParameters: { roleName: ctx.rng.pick(ROLE_NAMES) },
      responseElements: null,
    }),
  },
  {
    eventSource: "iam.amazonaws.com",
    eventName: "ListRoles",
    weight: 0.01,
    readOnly: true,
    global: true,
    build: (ctx) => ({
      actor: ctx.rng.chance(0.5) ? ctx.roster.configRecorder : everydayActor(ctx),
      host: "iam.amazonaws.com",
      requestParameters: { maxItems: 100 },
      responseElements: null,
    }),
  },
  {
    eventSource: "iam.amazonaws.com",
    eventName: "AttachRolePolicy",
    weight: 0.004,
    readOnly: false,
    global: true,
    build: (ctx) => ({
      actor: ctx.roster.terraform,
      host: "iam.amazonaws.com",
      requestParameters: {
        roleName: ctx.rng.pick(ROLE_NAMES),
        policyArn: "arn:aws:iam::aws:policy/AmazonElastiCacheReadOnlyAccess",
      },
      responseElements: null,
    }),
  },
  {
    eventSource: "iam.amazonaws.com",
    eventName: "CreateUser",
    weight: 0.004,
    readOnly: false,
    global: true,
    build(ctx) {
      const userName = `svc-${ctx.rng.pick(["reporting", "backup", "vendor-sync", "cache-admin"])}-${ctx.rng.hex(4)}`;
      return {
        actor: ctx.rng.chance(0.5) ? ctx.roster.terraform : ctx.rng.pick(ctx.roster.consoleAdmins),
        host: "iam.amazonaws.com",
        requestParameters: { userName, tags: [{ key: "owner", value: "platform" }] },
        responseElements: {
          user: {
            path: "/",
            userName,
            userId: awsId(ctx.rng, "AIDA"),
            arn: `arn:aws:iam::${ctx.account.id}:user/${userName}`,
            createDate: javaDate(ctx.nowMs),
            tags: [{ key: "owner", value: "platform" }],
          },
        },
      };
    },
  },
  {
    eventSource: "signin.amazonaws.com",
    eventName: "ConsoleLogin",
    weight: 0.004,
    readOnly: false,
    global: true,
    build(ctx) {
      const who = ctx.rng.float();
      const actor =
        who < 0.1 ? ctx.roster.root : who < 0.5 ? ctx.roster.consoleIamUser : ctx.rng.pick(ctx.roster.consoleAdmins);
      const failed = actor === ctx.roster.consoleIamUser && ctx.rng.chance(0.15);
      return {
        actor,
        eventType: "AwsConsoleSignIn",
        host: "signin.aws.amazon.com",
        requestParameters: null,
        responseElements: { ConsoleLogin: failed ? "Failure" : "Success" },
        additionalEventData: {
          LoginTo: "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true",
          MobileVersion: "No",
          MFAUsed: actor === ctx.roster.consoleAdmins[0] ? "No" : "Yes",
        },
        error: failed ? { code: "", message: "Failed authentication" } : undefined,
      };
    },
  },
  {
    eventSource: "sso.amazonaws.com",
    eventName: "GetRoleCredentials",
    weight: 0.004,
    readOnly: true,
    global: true,
    build: (ctx) => ({
      actor: ctx.rng.pick(ctx.roster.identityCenterUsers),
      host: "portal.sso.us-east-1.amazonaws.com",
      requestParameters: {
        accountId: ctx.account.id,
        roleName: ctx.rng.pick(["AdministratorAccess", "ReadOnlyAccess"]),
      },
      responseElements: null,
    }),
  },
  {
    eventSource: "sso.amazonaws.com",
    eventName: "ListAccounts",
    weight: 0.002,
    readOnly: true,
    global: true,
    build: (ctx) => ({
      actor: ctx.rng.pick(ctx.roster.identityCenterUsers),
      host: "portal.sso.us-east-1.amazonaws.com",
      requestParameters: null,
      responseElements: null,
    }),
  },
];
