import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isElastiCacheRecord, normaliseRecord } from "./normalise";
import { MASKED } from "./secrets";
import type { NormalisedEvent } from "./types";

const SEED_DIR = join(__dirname, "../../tests/fixtures/seed");
const seed = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(SEED_DIR, `${name}.json`), "utf8")) as Record<string, unknown>;

function ok(record: unknown): NormalisedEvent {
  const result = normaliseRecord(record);
  if (!result.ok) throw new Error(`expected ok, got: ${result.reason}`);
  return result.event;
}

function reason(record: unknown): string {
  const result = normaliseRecord(record);
  if (result.ok) throw new Error("expected a rejection");
  return result.reason;
}

const minimal = (extra: Record<string, unknown> = {}) => ({
  eventID: "e-1",
  eventTime: "2024-03-01T10:00:00Z",
  eventName: "ModifyReplicationGroup",
  ...extra,
});

describe("seed records from the ElastiCache guide", () => {
  it.each(["create-cache-cluster", "modify-cache-cluster"])("%s names test-memcached as target", (name) => {
    const event = ok(seed(name));
    expect(event.eventSource).toBe("");
    expect(event.accountId).toBe("123456789012");
    expect(event.awsRegion).toBe("us-west-2");
    expect(event.readOnly).toBe(false);
    expect(event.sourceIp).toBeNull();
    expect(event.actor).toMatchObject({ type: "IAMUser", name: "elasticache-allow", accountId: "123456789012" });
    expect(event.userAgentFamily).toBe("aws-cli");
    expect(event.accessKeyId).toBe("AKIAIOSFODNN7EXAMPLE");
    expect(event.resources).toContainEqual({
      kind: "cache-cluster",
      id: "test-memcached",
      role: "target",
      accountId: "123456789012",
      region: "us-west-2",
    });
    expect(event.resources.filter((r) => r.role === "target")).toHaveLength(1);
  });

  it("describe names no resource and is read-only (derived: the record has no readOnly field)", () => {
    const record = seed("describe-cache-clusters");
    expect(record.readOnly).toBeUndefined();
    const event = ok(record);
    expect(event.resources).toEqual([]);
    expect(event.readOnly).toBe(true);
    expect(event.eventTime.toISOString()).toBe("2014-12-01T22:01:00.000Z");
    expect(event.eventId).toBe("a58572a8-e81b-4100-8e00-1797ed19d172");
    expect(event.requestId).toBe("1f0b5031-3548-11e4-9376-c1d979ba565a");
  });

  it("create also links the parameter group named only in the response", () => {
    expect(ok(seed("create-cache-cluster")).resources).toContainEqual(
      expect.objectContaining({ kind: "parameter-group", id: "default.memcached1.4", role: "parameter-group" }),
    );
  });

  it("all three are recognised as ElastiCache although their eventSource is empty", () => {
    for (const name of ["create-cache-cluster", "describe-cache-clusters", "modify-cache-cluster"]) {
      expect(isElastiCacheRecord(seed(name))).toBe(true);
    }
  });
});

describe("field mapping", () => {
  const modern = {
    eventVersion: "1.09",
    eventID: "abc",
    eventTime: "2024-05-06T07:08:09Z",
    eventSource: "elasticache.amazonaws.com",
    eventName: "DescribeCacheClusters",
    eventType: "AwsApiCall",
    awsRegion: "eu-west-1",
    recipientAccountId: "111122223333",
    readOnly: false, // deliberately contradicts the operation: the record's own value wins
    sourceIPAddress: "203.0.113.9",
    userAgent: "Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux lang/python#3.11",
    errorCode: "AccessDenied",
    errorMessage: "User: x is not authorized",
    requestID: "req-1",
    vpcEndpointId: "vpce-0123",
    userIdentity: {
      type: "AssumedRole",
      accountId: "444455556666",
      arn: "arn:aws:sts::444455556666:assumed-role/Ops/alice",
      accessKeyId: "ASIAEXAMPLE",
      sessionContext: { attributes: { mfaAuthenticated: "true" } },
    },
  };

  it("copies and converts every field", () => {
    const e = ok(modern);
    expect(e).toMatchObject({
      eventVersion: "1.09",
      eventType: "AwsApiCall",
      eventSource: "elasticache.amazonaws.com",
      awsRegion: "eu-west-1",
      accountId: "111122223333", // recipientAccountId beats the caller's account
      readOnly: false,
      sourceIp: "203.0.113.9",
      errorCode: "AccessDenied",
      errorMessage: "User: x is not authorized",
      requestId: "req-1",
      vpcEndpointId: "vpce-0123",
      accessKeyId: "ASIAEXAMPLE",
      mfaAuthenticated: true,
      userAgentFamily: "sdk",
      userAgentDetail: "Python",
    });
    expect(e.actor.name).toBe("Ops/alice");
    expect(e.eventTime.getTime()).toBe(Date.UTC(2024, 4, 6, 7, 8, 9));
  });

  it("falls back to the caller's account, then to the empty string", () => {
    const noRecipient: Record<string, unknown> = { ...modern };
    delete noRecipient.recipientAccountId;
    expect(ok(noRecipient).accountId).toBe("444455556666");
    expect(ok(minimal()).accountId).toBe("");
  });

  it('turns empty strings into null and reads mfaAuthenticated "false"', () => {
    const e = ok(
      minimal({
        sourceIPAddress: "",
        userAgent: "",
        errorCode: "",
        userIdentity: {
          type: "IAMUser",
          accessKeyId: "",
          sessionContext: { attributes: { mfaAuthenticated: "false" } },
        },
      }),
    );
    expect([e.sourceIp, e.userAgent, e.errorCode, e.accessKeyId]).toEqual([null, null, null, null]);
    expect(e.mfaAuthenticated).toBe(false);
  });

  it("accepts null for optional fields, as exports write them", () => {
    const e = ok(minimal({ errorCode: null, userIdentity: null, requestParameters: null, awsRegion: null }));
    expect(e.errorCode).toBeNull();
    expect(e.actor.type).toBe("Unknown");
    expect(e.awsRegion).toBe("");
  });

  it("derives readOnly from the operation, treating unknown operations as writes", () => {
    expect(ok(minimal({ eventName: "DescribeEvents" })).readOnly).toBe(true);
    expect(ok(minimal({ eventName: "DeleteCacheCluster" })).readOnly).toBe(false);
    expect(ok(minimal({ eventName: "SomethingNew" })).readOnly).toBe(false);
    expect(ok(minimal({ eventName: "DeleteCacheCluster", readOnly: "true" })).readOnly).toBe(true);
  });

  it("classifies a console call from sessionCredentialFromConsole", () => {
    const e = ok(minimal({ userAgent: "AWS Internal", sessionCredentialFromConsole: "true" }));
    expect(e.userAgentFamily).toBe("console");
  });

  it("accepts fractional seconds and offsets, converting to UTC", () => {
    expect(ok(minimal({ eventTime: "2024-03-01T10:00:00.5Z" })).eventTime.toISOString()).toBe(
      "2024-03-01T10:00:00.500Z",
    );
    expect(ok(minimal({ eventTime: "2024-03-01T12:00:00+02:00" })).eventTime.toISOString()).toBe(
      "2024-03-01T10:00:00.000Z",
    );
  });

  it("masks secrets in the stored record without touching the input", () => {
    const requestParameters = { replicationGroupId: "rg", authToken: "s3cret", authTokenUpdateStrategy: "ROTATE" };
    const e = ok(minimal({ requestParameters }));
    expect(e.record.requestParameters).toEqual({
      replicationGroupId: "rg",
      authToken: MASKED,
      authTokenUpdateStrategy: "ROTATE",
    });
    expect(requestParameters.authToken).toBe("s3cret");
    expect(JSON.stringify(e)).not.toContain("s3cret");
  });

  it("stores the original record itself (all fields, unknown ones included) when nothing is secret", () => {
    const input = minimal({ tlsDetails: { tlsVersion: "TLSv1.3" }, someFutureField: 1 });
    expect(ok(input).record).toBe(input);
  });
});

describe("rejections", () => {
  it.each<[string, unknown, string]>([
    ["not an object", "text", "record must be an object, got string"],
    ["null", null, "record must be an object, got null"],
    ["an array", [minimal()], "record must be an object, got array"],
    ["no eventID", { eventTime: "2024-01-01T00:00:00Z", eventName: "X" }, "missing eventID"],
    ["empty eventID", minimal({ eventID: "" }), "eventID is empty"],
    ["no eventTime", { eventID: "a", eventName: "X" }, "missing eventTime"],
    ["a word for a time", minimal({ eventTime: "yesterday" }), 'eventTime "yesterday" is not an ISO-8601 time'],
    [
      "a time without zone",
      minimal({ eventTime: "2024-01-01T00:00:00" }),
      'eventTime "2024-01-01T00:00:00" is not an ISO-8601 time',
    ],
    [
      "an impossible date",
      minimal({ eventTime: "2014-02-30T00:00:00Z" }),
      'eventTime "2014-02-30T00:00:00Z" is not an ISO-8601 time',
    ],
    [
      "hour 24",
      minimal({ eventTime: "2014-02-03T24:00:00Z" }),
      'eventTime "2014-02-03T24:00:00Z" is not an ISO-8601 time',
    ],
    ["a numeric time", minimal({ eventTime: 1700000000 }), "eventTime must be a string, got number"],
    ["no eventName", { eventID: "a", eventTime: "2024-01-01T00:00:00Z" }, "missing eventName"],
    ["a numeric eventName", minimal({ eventName: 42 }), "eventName must be a string, got number"],
    [
      "a huge eventName",
      minimal({ eventName: "A".repeat(257) }),
      "eventName is too long (257 characters, at most 256)",
    ],
    ["userIdentity a string", minimal({ userIdentity: "root" }), "userIdentity must be an object, got string"],
    ["userIdentity an array", minimal({ userIdentity: [] }), "userIdentity must be an object, got array"],
    [
      "userIdentity.arn a number",
      minimal({ userIdentity: { arn: 1 } }),
      "userIdentity.arn must be a string, got number",
    ],
    ["awsRegion a number", minimal({ awsRegion: 1 }), "awsRegion must be a string, got number"],
    ["readOnly a number", minimal({ readOnly: 1 }), 'readOnly must be a boolean or "true"/"false", got number'],
    [
      "requestParameters a string",
      minimal({ requestParameters: "x" }),
      "requestParameters must be an object, got string",
    ],
    ["responseElements an array", minimal({ responseElements: [1] }), "responseElements must be an object, got array"],
    ["resources an object", minimal({ resources: {} }), "resources must be an array, got object"],
  ])("rejects %s", (_label, record, expected) => {
    expect(reason(record)).toBe(expected);
  });

  it("quotes at most a short prefix of a huge bogus time", () => {
    const r = reason(minimal({ eventTime: "x".repeat(200) }));
    expect(r).toBe(`eventTime "${"x".repeat(60)}…" is not an ISO-8601 time`);
  });

  it("reports the most fundamental problem first", () => {
    expect(reason({ eventName: 1, eventTime: "bad" })).toBe("missing eventID");
  });
});

describe("hostile values", () => {
  it("keeps HTML as plain data", () => {
    const html = "<script>alert(1)</script>";
    const e = ok(
      minimal({
        userAgent: html,
        errorMessage: `<img src=x onerror=alert(1)>`,
        requestParameters: { replicationGroupId: html },
      }),
    );
    expect(e.userAgent).toBe(html);
    expect(e.userAgentFamily).toBe("other");
    expect(e.errorMessage).toBe("<img src=x onerror=alert(1)>");
    expect(e.resources[0]?.id).toBe(html);
  });

  it("a __proto__ key neither pollutes Object.prototype nor supplies fields", () => {
    const record = JSON.parse(
      '{"eventID":"p","eventTime":"2024-01-01T00:00:00Z","eventName":"DeleteUser","__proto__":{"polluted":1,"awsRegion":"evil"},' +
        '"userIdentity":{"__proto__":{"type":"Root"}},"requestParameters":{"__proto__":{"userId":"evil"},"userId":"u1","authToken":"t"}}',
    ) as unknown;
    const e = ok(record);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(e.awsRegion).toBe("");
    expect(e.actor.type).toBe("Unknown");
    expect(e.resources.map((r) => r.id)).toEqual(["u1"]);
    const params = e.record.requestParameters as Record<string, unknown>;
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(Object.hasOwn(params, "__proto__")).toBe(true);
    expect(params.authToken).toBe(MASKED);
  });

  it("skips non-string ids instead of failing", () => {
    const e = ok(
      minimal({ eventName: "BatchApplyUpdateAction", requestParameters: { cacheClusterIds: [1, null, {}, "c1"] } }),
    );
    expect(e.resources.map((r) => r.id)).toEqual(["c1"]);
  });
});

describe("isElastiCacheRecord", () => {
  it.each<[unknown, unknown, boolean]>([
    ["elasticache.amazonaws.com", "AnythingAtAll", true],
    ["", "CreateCacheCluster", true],
    [undefined, "CreateSnapshot", true],
    [null, "DescribeUsers", true],
    ["", "CreateBucket", false],
    [undefined, undefined, false],
    ["iam.amazonaws.com", "CreateUser", false],
    ["ec2.amazonaws.com", "CreateSnapshot", false],
    ["", "toString", false],
    ["", "__proto__", false],
    [1, "CreateUser", false],
  ])("source %j, name %j → %s", (eventSource, eventName, expected) => {
    expect(isElastiCacheRecord({ eventSource, eventName })).toBe(expected);
  });
});
