// EC2, Lambda, RDS and MemoryDB management calls. ec2 CreateSnapshot/DescribeSnapshots, rds
// DescribeEvents and memorydb CreateUser/CreateSnapshot share names with ElastiCache operations.

import { everydayActor, ec2Id, FUNCTION_NAMES, roleArn, type NoiseOperation } from "./noise-types";
import { javaDate } from "./time-format";

const DB_INSTANCES = ["orders-db", "billing-db", "catalog-replica"];

export const COMPUTE_OPERATIONS: NoiseOperation[] = [
  {
    eventSource: "ec2.amazonaws.com",
    eventName: "DescribeInstances",
    weight: 0.06,
    readOnly: true,
    build: (ctx) => ({
      actor: ctx.rng.chance(0.4) ? ctx.roster.monitoring : everydayActor(ctx),
      requestParameters: {
        instancesSet: {},
        filterSet: ctx.rng.chance(0.5)
          ? { items: [{ name: "tag:Name", valueSet: { items: [{ value: "web-*" }] } }] }
          : {},
      },
      responseElements: null,
    }),
  },
  {
    eventSource: "ec2.amazonaws.com",
    eventName: "DescribeSecurityGroups",
    weight: 0.03,
    readOnly: true,
    build: (ctx) => ({
      actor: everydayActor(ctx),
      requestParameters: { securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} },
      responseElements: null,
    }),
  },
  {
    eventSource: "ec2.amazonaws.com",
    eventName: "DescribeVolumes",
    weight: 0.02,
    readOnly: true,
    build: (ctx) => ({
      actor: ctx.roster.monitoring,
      requestParameters: { volumeSet: {}, filterSet: {}, maxResults: 500 },
      responseElements: null,
    }),
  },
  {
    eventSource: "ec2.amazonaws.com",
    eventName: "DescribeSnapshots",
    weight: 0.02,
    readOnly: true,
    build: (ctx) => ({
      actor: everydayActor(ctx),
      requestParameters: { snapshotSet: {}, ownersSet: { items: [{ owner: "self" }] }, filterSet: {} },
      responseElements: null,
    }),
  },
  {
    eventSource: "ec2.amazonaws.com",
    eventName: "CreateSnapshot",
    weight: 0.01,
    readOnly: false,
    build(ctx) {
      const volumeId = ec2Id(ctx.rng, "vol");
      return {
        actor: ctx.rng.chance(0.7) ? ctx.roster.platformOperator : everydayActor(ctx),
        requestParameters: { volumeId, description: "nightly backup" },
        responseElements: {
          requestId: ctx.rng.uuid(),
          snapshotId: ec2Id(ctx.rng, "snap"),
          volumeId,
          status: "pending",
          startTime: ctx.nowMs,
          progress: "",
          ownerId: ctx.account.id,
          volumeSize: ctx.rng.pick([8, 50, 100, 500]),
          encrypted: true,
        },
      };
    },
  },
  {
    eventSource: "ec2.amazonaws.com",
    eventName: "CreateTags",
    weight: 0.015,
    readOnly: false,
    build: (ctx) => ({
      actor: everydayActor(ctx),
      requestParameters: {
        resourcesSet: { items: [{ resourceId: ec2Id(ctx.rng, "i") }] },
        tagSet: {
          items: [
            { key: "Name", value: `web-${ctx.rng.hex(4)}` },
            { key: "env", value: "prod" },
          ],
        },
      },
      responseElements: { requestId: ctx.rng.uuid(), _return: true },
    }),
  },
  {
    eventSource: "ec2.amazonaws.com",
    eventName: "AuthorizeSecurityGroupIngress",
    weight: 0.004,
    readOnly: false,
    build(ctx) {
      const groupId = ec2Id(ctx.rng, "sg");
      return {
        actor: ctx.roster.terraform,
        requestParameters: {
          groupId,
          ipPermissions: {
            items: [
              {
                ipProtocol: "tcp",
                fromPort: 6379,
                toPort: 6379,
                groups: {},
                ipRanges: { items: [{ cidrIp: "10.20.0.0/16" }] },
                ipv6Ranges: {},
                prefixListIds: {},
              },
            ],
          },
        },
        responseElements: {
          requestId: ctx.rng.uuid(),
          _return: true,
          securityGroupRuleSet: {
            items: [
              {
                groupOwnerId: ctx.account.id,
                groupId,
                securityGroupRuleId: ec2Id(ctx.rng, "sgr"),
                isEgress: false,
                ipProtocol: "tcp",
                fromPort: 6379,
                toPort: 6379,
                cidrIpv4: "10.20.0.0/16",
              },
            ],
          },
        },
      };
    },
  },
  {
    eventSource: "ec2.amazonaws.com",
    eventName: "RunInstances",
    weight: 0.004,
    readOnly: false,
    build(ctx) {
      const instanceId = ec2Id(ctx.rng, "i");
      const subnetId = ec2Id(ctx.rng, "subnet");
      const privateIp = `10.20.${ctx.rng.int(64)}.${ctx.rng.between(4, 250)}`;
      return {
        actor: ctx.rng.chance(0.5) ? ctx.roster.terraform : ctx.rng.pick(ctx.roster.serviceInvokers),
        requestParameters: {
          instancesSet: { items: [{ imageId: `ami-0${ctx.rng.hex(16)}`, minCount: 1, maxCount: 1 }] },
          instanceType: "m7g.large",
          blockDeviceMapping: {},
          monitoring: { enabled: false },
          disableApiTermination: false,
          disableApiStop: false,
          clientToken: ctx.rng.uuid(),
          networkInterfaceSet: {
            items: [{ deviceIndex: 0, subnetId, groupSet: { items: [{ groupId: ec2Id(ctx.rng, "sg") }] } }],
          },
          iamInstanceProfile: { arn: `arn:aws:iam::${ctx.account.id}:instance-profile/platform-operator-ec2` },
        },
        responseElements: {
          requestId: ctx.rng.uuid(),
          reservationId: ec2Id(ctx.rng, "r"),
          ownerId: ctx.account.id,
          groupSet: {},
          instancesSet: {
            items: [
              {
                instanceId,
                imageId: `ami-0${ctx.rng.hex(16)}`,
                currentInstanceBootMode: "uefi",
                instanceState: { code: 0, name: "pending" },
                privateDnsName: `ip-${privateIp.replaceAll(".", "-")}.ec2.internal`,
                amiLaunchIndex: 0,
                productCodes: {},
                instanceType: "m7g.large",
                launchTime: ctx.nowMs,
                placement: { availabilityZone: `${ctx.region}b`, tenancy: "default" },
                monitoring: { state: "disabled" },
                subnetId,
                vpcId: ec2Id(ctx.rng, "vpc"),
                privateIpAddress: privateIp,
                stateReason: { code: "pending", message: "pending" },
                architecture: "arm64",
                rootDeviceType: "ebs",
                rootDeviceName: "/dev/xvda",
                blockDeviceMapping: {},
                virtualizationType: "hvm",
                hypervisor: "xen",
                tagSet: { items: [{ key: "Name", value: `worker-${ctx.rng.hex(4)}` }] },
                sourceDestCheck: true,
                networkInterfaceSet: {
                  items: [
                    {
                      networkInterfaceId: ec2Id(ctx.rng, "eni"),
                      subnetId,
                      ownerId: ctx.account.id,
                      status: "in-use",
                      privateIpAddress: privateIp,
                      sourceDestCheck: true,
                      interfaceType: "interface",
                    },
                  ],
                },
                ebsOptimized: true,
                enaSupport: true,
                cpuOptions: { coreCount: 2, threadsPerCore: 1 },
                capacityReservationSpecification: { capacityReservationPreference: "open" },
                enclaveOptions: { enabled: false },
                metadataOptions: {
                  state: "pending",
                  httpTokens: "required",
                  httpPutResponseHopLimit: 2,
                  httpEndpoint: "enabled",
                  httpProtocolIpv4: "enabled",
                  httpProtocolIpv6: "disabled",
                  instanceMetadataTags: "disabled",
                },
                maintenanceOptions: { autoRecovery: "default" },
                privateDnsNameOptions: {
                  hostnameType: "ip-name",
                  enableResourceNameDnsARecord: false,
                  enableResourceNameDnsAAAARecord: false,
                },
              },
            ],
          },
        },
      };
    },
  },
  {
    eventSource: "lambda.amazonaws.com",
    eventName: "GetFunction20150331v2",
    weight: 0.02,
    readOnly: true,
    build: (ctx) => ({
      actor: everydayActor(ctx),
      requestParameters: { functionName: ctx.rng.pick(FUNCTION_NAMES) },
      responseElements: null,
    }),
  },
  {
    eventSource: "lambda.amazonaws.com",
    eventName: "ListFunctions20150331",
    weight: 0.015,
    readOnly: true,
    build: (ctx) => ({
      actor: ctx.rng.chance(0.5) ? ctx.roster.monitoring : ctx.roster.configRecorder,
      requestParameters: null,
      responseElements: null,
    }),
  },
  {
    eventSource: "lambda.amazonaws.com",
    eventName: "UpdateFunctionCode20150331v2",
    weight: 0.005,
    readOnly: false,
    build(ctx) {
      const functionName = ctx.rng.pick(FUNCTION_NAMES);
      return {
        actor: ctx.roster.webIdentityUser,
        requestParameters: {
          functionName,
          publish: true,
          s3Bucket: `${ctx.account.alias}-artifacts`,
          s3Key: `lambda/${functionName}/${ctx.rng.hex(12)}.zip`,
        },
        responseElements: {
          functionName,
          functionArn: `arn:aws:lambda:${ctx.region}:${ctx.account.id}:function:${functionName}`,
          runtime: "nodejs20.x",
          role: roleArn(ctx.account, `${functionName}-lambda-role`),
          handler: "index.handler",
          codeSize: ctx.rng.between(10_000, 9_000_000),
          timeout: 30,
          memorySize: 512,
          lastModified: `${new Date(ctx.nowMs).toISOString().slice(0, 23)}+0000`,
          codeSha256: ctx.rng.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 43) + "=",
          version: String(ctx.rng.between(2, 90)),
          tracingConfig: { mode: "PassThrough" },
          revisionId: ctx.rng.uuid(),
          state: "Pending",
          stateReason: "The function is being created.",
          stateReasonCode: "Creating",
          lastUpdateStatus: "InProgress",
          packageType: "Zip",
          architectures: ["arm64"],
        },
      };
    },
  },
  {
    eventSource: "rds.amazonaws.com",
    eventName: "DescribeDBInstances",
    weight: 0.02,
    readOnly: true,
    build: (ctx) => ({
      actor: ctx.rng.chance(0.6) ? ctx.roster.monitoring : everydayActor(ctx),
      requestParameters: { maxRecords: 100 },
      responseElements: null,
    }),
  },
  {
    eventSource: "rds.amazonaws.com",
    eventName: "DescribeEvents",
    weight: 0.01,
    readOnly: true,
    build: (ctx) => ({
      actor: ctx.roster.monitoring,
      requestParameters: {
        startTime: javaDate(ctx.nowMs - 3_600_000),
        endTime: javaDate(ctx.nowMs),
        sourceType: "db-instance",
        maxRecords: 100,
      },
      responseElements: null,
    }),
  },
  {
    eventSource: "rds.amazonaws.com",
    eventName: "CreateDBSnapshot",
    weight: 0.003,
    readOnly: false,
    build(ctx) {
      const db = ctx.rng.pick(DB_INSTANCES);
      const name = `${db}-manual-${ctx.rng.hex(6)}`;
      return {
        actor: everydayActor(ctx),
        requestParameters: { dBSnapshotIdentifier: name, dBInstanceIdentifier: db },
        responseElements: {
          dBSnapshotIdentifier: name,
          dBInstanceIdentifier: db,
          engine: "postgres",
          allocatedStorage: 200,
          status: "creating",
          port: 5432,
          availabilityZone: `${ctx.region}a`,
          vpcId: ec2Id(ctx.rng, "vpc"),
          instanceCreateTime: "Jan 12, 2024 10:16:06 AM",
          masterUsername: "postgres",
          engineVersion: "16.3",
          licenseModel: "postgresql-license",
          snapshotType: "manual",
          optionGroupName: "default:postgres-16",
          percentProgress: 0,
          storageType: "gp3",
          encrypted: true,
          kmsKeyId: ctx.kmsKeyArn,
          dBSnapshotArn: `arn:aws:rds:${ctx.region}:${ctx.account.id}:snapshot:${name}`,
          iAMDatabaseAuthenticationEnabled: false,
          processorFeatures: [],
          dbiResourceId: `db-${ctx.rng.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 26)}`,
          tagList: [],
        },
      };
    },
  },
  {
    eventSource: "memorydb.amazonaws.com",
    eventName: "DescribeClusters",
    weight: 0.004,
    readOnly: true,
    build: (ctx) => ({
      actor: ctx.roster.monitoring,
      requestParameters: { showShardDetails: true },
      responseElements: null,
    }),
  },
  {
    eventSource: "memorydb.amazonaws.com",
    eventName: "CreateUser",
    weight: 0.001,
    readOnly: false,
    build(ctx) {
      const userName = `ledger-app-${ctx.rng.hex(4)}`;
      return {
        actor: ctx.roster.terraform,
        requestParameters: {
          userName,
          authenticationMode: { type: "password", passwords: ["HIDDEN_DUE_TO_SECURITY_REASONS"] },
          accessString: "on ~* &* +@all",
        },
        responseElements: {
          user: {
            name: userName,
            status: "creating",
            accessString: "on ~* &* +@all",
            aCLNames: [],
            minimumEngineVersion: "6.2",
            authentication: { type: "password", passwordCount: 1 },
            aRN: `arn:aws:memorydb:${ctx.region}:${ctx.account.id}:user/${userName}`,
          },
        },
      };
    },
  },
  {
    eventSource: "memorydb.amazonaws.com",
    eventName: "CreateSnapshot",
    weight: 0.001,
    readOnly: false,
    build(ctx) {
      const snapshotName = `ledger-${ctx.rng.hex(6)}`;
      return {
        actor: everydayActor(ctx),
        requestParameters: { clusterName: "ledger", snapshotName },
        responseElements: {
          snapshot: {
            name: snapshotName,
            status: "creating",
            source: "manual",
            aRN: `arn:aws:memorydb:${ctx.region}:${ctx.account.id}:snapshot/${snapshotName}`,
            clusterConfiguration: { name: "ledger", nodeType: "db.r7g.large", engineVersion: "7.1", numShards: 2 },
          },
        },
      };
    },
  },
];
