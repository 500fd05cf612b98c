// The cast of principals in each account: people at the console, CI with Terraform,
// CloudFormation, a monitoring integration that polls Describe* all day, applications, AWS
// services, and the rarer identity types (root, federated users, SAML, web identity, partner accounts).

import { ACCOUNTS, PARTNER_ACCOUNT_ID, type Account } from "./accounts";
import {
  assumedRole,
  awsId,
  awsService,
  federatedUser,
  fixedIdentity,
  iamUser,
  publicIp,
  rootUser,
  type Origin,
  type Principal,
} from "./identities";
import { ALPHABETS, type Rng } from "./prng";
import {
  awsCliClient,
  boto3Client,
  consoleClient,
  goV1Client,
  goV2Client,
  jsV3Client,
  serviceClient,
  terraformClient,
} from "./user-agents";

export interface Roster {
  account: Account;
  consoleAdmins: Principal[];
  /** SSO read-only people: their write attempts end in AccessDenied. */
  readOnlyHumans: Principal[];
  cliUser: Principal;
  consoleIamUser: Principal;
  terraform: Principal;
  cloudFormation: Principal;
  /** The monitoring integration ("datadog-integration") that polls Describe* calls. */
  monitoring: Principal;
  configRecorder: Principal;
  autoscaling: Principal;
  lambdaApp: Principal;
  /** boto3 tooling in EKS, via web identity and a VPC endpoint (private source IPs). */
  eksTooling: Principal;
  /** A Go service on EC2 with an instance profile. */
  platformOperator: Principal;
  /** An application role without ElastiCache permissions, the source of AccessDenied on reads. */
  restrictedApp: Principal;
  root: Principal;
  federated: Principal;
  trustedAdvisor: Principal;
  serviceInvokers: Principal[];
  identityCenterUsers: Principal[];
  samlUser: Principal;
  webIdentityUser: Principal;
  partnerAccount: Principal;
}

const PEOPLE = ["maria.garcia", "j.okafor", "wei.chen", "priya.nair", "tomas.novak", "sara.lindqvist"];
const EMAIL_DOMAIN = "acme.example";

/** Offices and home connections: a few fixed addresses, one IPv6. */
function officeOrigins(rng: Rng): Origin[] {
  return PEOPLE.map((_, i) => ({
    client: consoleClient(rng),
    ips: i === 2 ? ["2a02:8109:9a40:1c00:8d3e:51f2:bb6c:9e21", publicIp(rng)] : [publicIp(rng), publicIp(rng)],
    internalShare: 0.2,
  }));
}

export function buildRosters(seedRng: Rng): Map<string, Roster> {
  const rng = seedRng.fork();
  const offices = officeOrigins(rng);
  const ciRunnerIps = [publicIp(rng), publicIp(rng), publicIp(rng)];
  const datadogIps = ["3.233.144.17", "3.233.144.112", "44.192.28.40", "44.192.28.99"];
  const rosters = new Map<string, Roster>();
  for (const account of ACCOUNTS) rosters.set(account.id, buildRoster(rng, account, offices, ciRunnerIps, datadogIps));
  return rosters;
}

function buildRoster(rng: Rng, account: Account, offices: Origin[], ciIps: string[], datadogIps: string[]): Roster {
  const ssoSuffix = rng.hex(16);
  const ssoRole = (permissionSet: string, person: number): Principal =>
    assumedRole({
      account,
      roleName: `AWSReservedSSO_${permissionSet}_${ssoSuffix}`,
      path: "/aws-reserved/sso.amazonaws.com/",
      roleId: awsId(rng, "AROA"),
      sessionName: () => `${PEOPLE[person]}@${EMAIL_DOMAIN}`,
      origin: offices[person] ?? offices[0]!,
      console: true,
    });
  const role = (
    roleName: string,
    sessionName: (i: number) => string,
    origin: Origin,
    extra: Partial<Parameters<typeof assumedRole>[0]> = {},
  ): Principal =>
    assumedRole({ account, roleName, path: "/", roleId: awsId(rng, "AROA"), sessionName, origin, ...extra });
  const serviceRole = (roleName: string, path: string, sessionName: string, host: string): Principal =>
    assumedRole({
      account,
      roleName,
      path,
      roleId: awsId(rng, "AROA"),
      sessionName: () => sessionName,
      origin: { client: serviceClient(host), ips: [host] },
      invokedBy: host,
    });
  const natIp = publicIp(rng);
  const instanceId = `i-0${rng.hex(16)}`;
  const exporterInstanceId = `i-0${rng.hex(16)}`;
  const identityStoreArn = `arn:aws:identitystore::${account.id}:identitystore/d-9067${rng.hex(6)}`;
  const idpHash = `${rng.chars(ALPHABETS.MIXED_ALNUM, 27)}=`;
  const githubProvider = `arn:aws:iam::${account.id}:oidc-provider/token.actions.githubusercontent.com`;
  const githubSubject = "repo:acme/platform-infra:ref:refs/heads/main";
  const partnerPrincipal = awsId(rng, "AIDA");

  return {
    account,
    consoleAdmins: [0, 1, 2, 3].map((p) => ssoRole("AdministratorAccess", p)),
    readOnlyHumans: [4, 5].map((p) => ssoRole("ReadOnlyAccess", p)),
    cliUser: iamUser({
      account,
      userName: "ops-automation",
      userId: awsId(rng, "AIDA"),
      accessKeyId: awsId(rng, "AKIA"),
      origin: { client: awsCliClient(rng), ips: [publicIp(rng), ...(offices[1]?.ips ?? [])] },
      console: false,
    }),
    consoleIamUser: iamUser({
      account,
      userName: "legacy-admin",
      userId: awsId(rng, "AIDA"),
      accessKeyId: awsId(rng, "AKIA"),
      origin: { ...offices[3]!, internalShare: 0.25 },
      console: true,
    }),
    terraform: role("terraform-deployer", (i) => `terraform-run-${(7_310_000 + i * 7) % 9_999_999}`, {
      client: terraformClient(rng),
      ips: ciIps,
    }),
    cloudFormation: serviceRole("cfn-stack-execution", "/", "AWSCloudFormation", "cloudformation.amazonaws.com"),
    monitoring: role("datadog-integration", () => "DatadogAWSIntegration", {
      client: rng.chance(0.5) ? goV1Client(rng) : goV2Client(rng),
      ips: datadogIps,
    }),
    configRecorder: serviceRole(
      "AWSServiceRoleForConfig",
      "/aws-service-role/config.amazonaws.com/",
      "AWSConfig-Describe",
      "config.amazonaws.com",
    ),
    autoscaling: serviceRole(
      "AWSServiceRoleForApplicationAutoScaling_ElastiCacheRG",
      "/aws-service-role/elasticache.application-autoscaling.amazonaws.com/",
      "AutoScaling-ElastiCacheRG",
      "application-autoscaling.amazonaws.com",
    ),
    lambdaApp: role("cache-warmer-lambda-role", () => "cache-warmer", {
      client: jsV3Client(rng, true),
      ips: [publicIp(rng), publicIp(rng)],
    }),
    eksTooling: role(
      "eks-ops-tooling",
      (i) => `botocore-session-${1_710_000_000 + i * 3600}`,
      {
        client: boto3Client(rng),
        ips: [`10.20.${rng.int(64)}.${rng.between(4, 250)}`, `10.20.${rng.int(64)}.${rng.between(4, 250)}`],
        vpcEndpointId: `vpce-0${rng.hex(16)}`,
      },
      {
        webIdentityProvider: `arn:aws:iam::${account.id}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/${rng.hex(32).toUpperCase()}`,
      },
    ),
    platformOperator: role(
      "platform-operator-ec2",
      () => instanceId,
      { client: goV2Client(rng), ips: [natIp] },
      { ec2RoleDelivery: true },
    ),
    restrictedApp: role(
      "PrometheusExporterRole",
      () => exporterInstanceId,
      { client: goV1Client(rng), ips: [natIp] },
      { ec2RoleDelivery: true },
    ),
    root: rootUser(account, offices[0]!),
    federated: federatedUser({
      account,
      name: "build-proxy",
      brokerUserName: "federation-broker",
      brokerUserId: awsId(rng, "AIDA"),
      origin: { client: boto3Client(rng), ips: [publicIp(rng)] },
    }),
    trustedAdvisor: awsService(account.id, "trustedadvisor.amazonaws.com"),
    serviceInvokers: [
      "lambda.amazonaws.com",
      "ec2.amazonaws.com",
      "ecs-tasks.amazonaws.com",
      "secretsmanager.amazonaws.com",
    ].map((h) => awsService(account.id, h)),
    identityCenterUsers: [0, 4].map((p) =>
      fixedIdentity(
        `${account.id}:idc/${p}`,
        account.id,
        {
          type: "IdentityCenterUser",
          accountId: account.id,
          onBehalfOf: {
            userId: `9067${rng.hex(6)}-${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
            identityStoreArn,
          },
          credentialId: rng.chars(ALPHABETS.MIXED_ALNUM, 44),
        },
        offices[p]!,
        identityStoreArn,
      ),
    ),
    samlUser: fixedIdentity(
      `${account.id}:saml`,
      account.id,
      {
        type: "SAMLUser",
        principalId: `${idpHash}:${PEOPLE[5]}@${EMAIL_DOMAIN}`,
        userName: `${PEOPLE[5]}@${EMAIL_DOMAIN}`,
        identityProvider: idpHash,
      },
      offices[5]!,
      `${PEOPLE[5]}@${EMAIL_DOMAIN}`,
    ),
    webIdentityUser: fixedIdentity(
      `${account.id}:oidc`,
      account.id,
      {
        type: "WebIdentityUser",
        principalId: `${githubProvider}:sts.amazonaws.com:${githubSubject}`,
        userName: githubSubject,
        identityProvider: githubProvider,
      },
      { client: jsV3Client(rng, false), ips: [publicIp(rng), publicIp(rng)] },
      githubSubject,
    ),
    partnerAccount: fixedIdentity(
      `${account.id}:partner`,
      account.id,
      {
        type: "AWSAccount",
        principalId: partnerPrincipal,
        accountId: PARTNER_ACCOUNT_ID,
      },
      { client: boto3Client(rng), ips: [publicIp(rng)] },
      `arn:aws:iam::${PARTNER_ACCOUNT_ID}:root`,
    ),
  };
}
