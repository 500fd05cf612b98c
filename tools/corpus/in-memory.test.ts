import { describe, expect, it } from "vitest";
import { ELASTICACHE_OPERATIONS } from "@/lib/elasticache/operations";
import { generateElastiCacheRecords } from "./in-memory";

type Rec = Record<string, unknown>;
const records = generateElastiCacheRecords(4000, 11) as Rec[];
const named = (name: string): Rec[] => records.filter((r) => r.eventName === name);
const request = (r: Rec | undefined): Rec => (r?.requestParameters ?? {}) as Rec;
const response = (r: Rec | undefined): Rec => (r?.responseElements ?? {}) as Rec;

describe("generateElastiCacheRecords", () => {
  it("returns the requested number of ElastiCache records with unique eventIDs", () => {
    expect(records).toHaveLength(4000);
    expect(new Set(records.map((r) => r.eventID)).size).toBe(4000);
    expect(records.every((r) => r.eventSource === "elasticache.amazonaws.com")).toBe(true);
    expect(generateElastiCacheRecords(0, 1)).toEqual([]);
  });

  it("is deterministic per seed", () => {
    expect(JSON.stringify(generateElastiCacheRecords(50, 11))).toBe(JSON.stringify(records.slice(0, 50)));
    expect(JSON.stringify(generateElastiCacheRecords(50, 12))).not.toBe(JSON.stringify(records.slice(0, 50)));
  });

  it("uses real operation names, readOnly to match, and null responses for reads", () => {
    for (const r of records) {
      const op = ELASTICACHE_OPERATIONS[String(r.eventName)];
      expect(Object.hasOwn(ELASTICACHE_OPERATIONS, String(r.eventName)), String(r.eventName)).toBe(true);
      expect(r.readOnly).toBe(op?.readOnly);
      if (op?.readOnly || r.errorCode) expect(r.responseElements).toBeNull();
    }
    expect(new Set(records.map((r) => r.eventName)).size).toBeGreaterThan(40);
  });

  it("fails 3–5 % of calls, with realistic errors", () => {
    const failed = records.filter((r) => r.errorCode);
    expect(failed.length / records.length).toBeGreaterThan(0.025);
    expect(failed.length / records.length).toBeLessThan(0.06);
    const codes = new Set(failed.map((r) => r.errorCode));
    for (const code of ["AccessDenied", "InvalidParameterValue", "CacheClusterNotFound"]) expect(codes).toContain(code);
    const denied = failed.find((r) => r.errorCode === "AccessDenied");
    expect(denied?.errorMessage).toMatch(
      new RegExp(
        String.raw`^User: arn:aws:(sts|iam)::\d{12}:\S+ is not authorized to perform: elasticache:(\w+) ` +
          String.raw`on resource: arn:aws:elasticache:[a-z0-9-]*:\d{12}:\S+ ` +
          String.raw`because no identity-based policy allows the elasticache:\2 action$`,
      ),
    );
  });

  it("writes flat cluster objects with non-ISO times, wrapped serverless and global responses", () => {
    const modify = named("ModifyCacheCluster").find(
      (r) => !r.errorCode && Object.keys(response(r).pendingModifiedValues as Rec).length > 0,
    );
    expect(request(modify)).toHaveProperty("applyImmediately");
    expect(response(modify).cacheClusterId).toBe(request(modify).cacheClusterId);
    expect(response(modify).cacheClusterCreateTime).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2} [AP]M$/);
    const serverless = named("CreateServerlessCache").find((r) => !r.errorCode);
    expect((response(serverless).serverlessCache as Rec).serverlessCacheName).toBe(
      request(serverless).serverlessCacheName,
    );
    const global = named("CreateGlobalReplicationGroup").find((r) => !r.errorCode);
    const fullId = String((response(global).globalReplicationGroup as Rec).globalReplicationGroupId);
    expect(fullId).toMatch(new RegExp(`^[a-z]{5}-${String(request(global).globalReplicationGroupIdSuffix)}$`));
  });

  it("generates member clusters only in the response of CreateReplicationGroup", () => {
    const create = named("CreateReplicationGroup").find((r) => !r.errorCode);
    const members = response(create).memberClusters as string[];
    expect(members.length).toBeGreaterThan(1);
    expect(members.every((m) => m.startsWith(String(request(create).replicationGroupId)))).toBe(true);
    expect(request(create)).not.toHaveProperty("memberClusters");
  });

  it("puts secrets in requestParameters so masking can be tested", () => {
    expect(records.some((r) => typeof request(r).authToken === "string")).toBe(true);
    expect(
      named("CreateUser").some(
        (r) => Array.isArray(request(r).passwords) || (request(r).authenticationMode as Rec | undefined)?.passwords,
      ),
    ).toBe(true);
    expect(
      named("AddTagsToResource").every((r) => String(request(r).resourceName).startsWith("arn:aws:elasticache:")),
    ).toBe(true);
  });

  it("shows many identities and clients, with polling by the monitoring role", () => {
    const types = new Set(records.map((r) => (r.userIdentity as Rec).type));
    for (const t of ["IAMUser", "AssumedRole", "Root", "AWSService", "FederatedUser"]) expect(types).toContain(t);
    const agents = records.map((r) => String(r.userAgent));
    for (const pattern of [
      /^aws-cli\/2\./,
      /^Boto3\//,
      /^aws-sdk-go-v2\//,
      /^aws-sdk-js\/3\./,
      /Terraform\/1\.6\.\d+ .*terraform-provider-aws\/5\./,
      /^cloudformation\.amazonaws\.com$/,
      /^Mozilla\//,
    ]) {
      expect(
        agents.some((a) => pattern.test(a)),
        String(pattern),
      ).toBe(true);
    }
    const polls = records.filter((r) =>
      String((r.userIdentity as Rec).arn).includes("assumed-role/datadog-integration/"),
    );
    expect(polls.length / records.length).toBeGreaterThan(0.2);
    expect(
      polls.filter((r) => String(r.eventName).startsWith("Describe")).every((r) => r.responseElements === null),
    ).toBe(true);
    const consoleRecords = records.filter((r) => r.sessionCredentialFromConsole !== undefined);
    expect(consoleRecords.length).toBe(762);
    expect(consoleRecords.every((r) => r.sessionCredentialFromConsole === "true")).toBe(true);
  });

  it("orders each cluster's life: every delete follows a create of that id (names get reused)", () => {
    const created = new Map<string, string[]>();
    for (const r of named("CreateCacheCluster").filter((r) => !r.errorCode)) {
      const id = String(request(r).cacheClusterId);
      created.set(id, [...(created.get(id) ?? []), String(r.eventTime)]);
    }
    const deletes = named("DeleteCacheCluster").filter(
      (r) => !r.errorCode && created.has(String(request(r).cacheClusterId)),
    );
    expect(deletes.length).toBe(94);
    for (const d of deletes) {
      expect(created.get(String(request(d).cacheClusterId))?.some((t) => t <= String(d.eventTime))).toBe(true);
    }
    expect([...created.values()].some((times) => times.length > 1)).toBe(true);
  });
});
