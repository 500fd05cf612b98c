// S3 bucket management, CloudWatch (including alarms on AWS/ElastiCache metrics, which mention
// cluster ids without being ElastiCache events), CloudWatch Logs and SSM.

import { bucketNames, everydayActor, type NoiseContext, type NoiseOperation } from "./noise-types";
import { datePath, javaDate } from "./time-format";

function s3Extras(ctx: NoiseContext, bucket: string, bytesOut: number) {
  return {
    requestIdStyle: "s3" as const,
    host: `${bucket}.s3.${ctx.region}.amazonaws.com`,
    resources: [{ accountId: ctx.account.id, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${bucket}` }],
    additionalEventData: {
      SignatureVersion: "SigV4",
      CipherSuite: "TLS_AES_128_GCM_SHA256",
      bytesTransferredIn: 0,
      AuthenticationMethod: "AuthHeader",
      "x-amz-id-2": ctx.rng.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 76),
      bytesTransferredOut: bytesOut,
    },
  };
}

function bucketRead(eventName: string, weight: number, param: Record<string, string>): NoiseOperation {
  return {
    eventSource: "s3.amazonaws.com",
    eventName,
    weight,
    readOnly: true,
    build(ctx) {
      const bucket = ctx.rng.pick(bucketNames(ctx.account));
      return {
        actor: ctx.rng.chance(0.4) ? ctx.roster.configRecorder : everydayActor(ctx),
        requestParameters: { bucketName: bucket, Host: `${bucket}.s3.${ctx.region}.amazonaws.com`, ...param },
        responseElements: null,
        ...s3Extras(ctx, bucket, ctx.rng.between(150, 900)),
      };
    },
  };
}

const ELASTICACHE_METRICS = ["EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "CurrConnections", "Evictions"];

export const STORAGE_OBSERVABILITY_OPERATIONS: NoiseOperation[] = [
  {
    eventSource: "s3.amazonaws.com",
    eventName: "ListBuckets",
    weight: 0.01,
    readOnly: true,
    build: (ctx) => ({
      actor: everydayActor(ctx),
      requestParameters: { Host: "s3.amazonaws.com" },
      responseElements: null,
      requestIdStyle: "s3",
      host: "s3.amazonaws.com",
      additionalEventData: {
        SignatureVersion: "SigV4",
        CipherSuite: "TLS_AES_128_GCM_SHA256",
        bytesTransferredIn: 0,
        AuthenticationMethod: "AuthHeader",
        bytesTransferredOut: 2140,
      },
    }),
  },
  bucketRead("GetBucketLocation", 0.02, { location: "" }),
  bucketRead("GetBucketAcl", 0.015, { acl: "" }),
  bucketRead("GetBucketVersioning", 0.01, { versioning: "" }),
  bucketRead("GetBucketEncryption", 0.01, { encryption: "" }),
  {
    eventSource: "s3.amazonaws.com",
    eventName: "PutBucketPolicy",
    weight: 0.002,
    readOnly: false,
    build(ctx) {
      const bucket = ctx.rng.pick(bucketNames(ctx.account));
      return {
        actor: ctx.roster.terraform,
        requestParameters: {
          bucketPolicy: {
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
              },
            ],
          },
          bucketName: bucket,
          Host: `${bucket}.s3.${ctx.region}.amazonaws.com`,
          policy: "",
        },
        responseElements: null,
        ...s3Extras(ctx, bucket, 0),
      };
    },
  },
  {
    eventSource: "monitoring.amazonaws.com",
    eventName: "GetMetricData",
    weight: 0.06,
    readOnly: true,
    build: (ctx) => ({
      actor: ctx.roster.monitoring,
      requestParameters: {
        metricDataQueries: [
          {
            id: "m0",
            metricStat: {
              metric: {
                namespace: ctx.rng.pick(["AWS/ElastiCache", "AWS/EC2", "AWS/RDS", "AWS/Lambda"]),
                metricName: "CPUUtilization",
                dimensions: [],
              },
              period: 60,
              stat: "Average",
            },
            returnData: true,
          },
        ],
        startTime: javaDate(ctx.nowMs - 600_000),
        endTime: javaDate(ctx.nowMs),
      },
      responseElements: null,
    }),
  },
  {
    eventSource: "monitoring.amazonaws.com",
    eventName: "DescribeAlarms",
    weight: 0.02,
    readOnly: true,
    build: (ctx) => ({
      actor: ctx.rng.chance(0.5) ? ctx.roster.monitoring : everydayActor(ctx),
      requestParameters: { maxRecords: 100 },
      responseElements: null,
    }),
  },
  {
    eventSource: "monitoring.amazonaws.com",
    eventName: "PutMetricAlarm",
    weight: 0.004,
    readOnly: false,
    build(ctx) {
      const metricName = ctx.rng.pick(ELASTICACHE_METRICS);
      const cluster = `${ctx.rng.pick(["sessions", "checkout", "catalog"])}-prod-001`;
      return {
        actor: ctx.roster.terraform,
        requestParameters: {
          alarmName: `${cluster}-${metricName}-high`,
          alarmActions: [`arn:aws:sns:${ctx.region}:${ctx.account.id}:oncall`],
          metricName,
          namespace: "AWS/ElastiCache",
          statistic: "Average",
          dimensions: [{ name: "CacheClusterId", value: cluster }],
          period: 300,
          evaluationPeriods: 3,
          threshold: 80,
          comparisonOperator: "GreaterThanThreshold",
          treatMissingData: "missing",
        },
        responseElements: null,
      };
    },
  },
  {
    eventSource: "logs.amazonaws.com",
    eventName: "CreateLogStream",
    weight: 0.05,
    readOnly: false,
    build: (ctx) => ({
      actor: ctx.rng.chance(0.7) ? ctx.roster.lambdaApp : ctx.roster.eksTooling,
      requestParameters: {
        logGroupName: `/aws/lambda/${ctx.rng.pick(["orders-api", "image-resizer", "cache-warmer"])}`,
        logStreamName: `${datePath(ctx.nowMs)}/[$LATEST]${ctx.rng.hex(32)}`,
      },
      responseElements: null,
    }),
  },
  {
    eventSource: "logs.amazonaws.com",
    eventName: "DescribeLogGroups",
    weight: 0.02,
    readOnly: true,
    build: (ctx) => ({
      actor: ctx.rng.chance(0.5) ? ctx.roster.monitoring : everydayActor(ctx),
      requestParameters: { limit: 50 },
      responseElements: null,
    }),
  },
  {
    eventSource: "ssm.amazonaws.com",
    eventName: "GetParameter",
    weight: 0.03,
    readOnly: true,
    build: (ctx) => ({
      actor: ctx.rng.chance(0.5) ? ctx.roster.lambdaApp : ctx.roster.eksTooling,
      requestParameters: {
        name: `/${ctx.account.alias}/${ctx.rng.pick(["orders", "checkout"])}/cache-endpoint`,
        withDecryption: true,
      },
      responseElements: null,
    }),
  },
];
