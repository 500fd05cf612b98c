import { describe, expect, it } from "vitest";
import { maskSecrets } from "@/lib/cloudtrail/secrets";
import { ev } from "@/tests/fixtures/history-events";
import { describeChange } from "./describe-change";
import { reconstructHistory } from "./reconstruct";

const TOKEN = "clear-Auth-Token-4f9c2b1e8d7a6f5e";
const ROTATED = "rotated-Auth-Token-0a1b2c3d4e5f6a7b";
const PASSWORD = "user-Password-Value-8e7d6c5b4a";

describe("secrets never reach the history", () => {
  it("keeps tokens and passwords out of every step and configuration", () => {
    const events = [
      ev(
        "CreateCacheCluster",
        "2024-01-01T00:00:00Z",
        { cacheClusterId: "c1", engine: "redis", authToken: TOKEN, transitEncryptionEnabled: true },
        {
          cacheClusterId: "c1",
          engine: "redis",
          authTokenEnabled: true,
          cacheClusterStatus: "creating",
          pendingModifiedValues: {},
        },
      ),
      ev(
        "ModifyCacheCluster",
        "2024-01-02T00:00:00Z",
        { cacheClusterId: "c1", authToken: ROTATED, authTokenUpdateStrategy: "ROTATE", applyImmediately: true },
        null,
      ),
      // Some records carry the masked form: it is not a value either.
      ev(
        "ModifyCacheCluster",
        "2024-01-03T00:00:00Z",
        { cacheClusterId: "c1", authToken: "***MASKED***", authTokenUpdateStrategy: "SET", applyImmediately: true },
        {
          cacheClusterId: "c1",
          engine: "redis",
          authTokenEnabled: true,
          cacheClusterStatus: "modifying",
          // A hypothetical response echoing a secret must not leak through either.
          pendingModifiedValues: { authTokenStatus: "SETTING" },
          authToken: TOKEN,
        },
      ),
    ];
    const h = reconstructHistory("cache-cluster", "c1", events);
    const json = JSON.stringify(h);
    expect(json).not.toContain(TOKEN);
    expect(json).not.toContain(ROTATED);
    expect(json).not.toContain("***MASKED***");
    expect(h.steps[0]?.configAfter.authTokenEnabled?.value).toBe(true);
    // Null response: nothing confirms the rotation.
    expect(h.steps[1]?.changes.map(describeChange)).toEqual(["auth token rotated (requested)"]);
    expect(h.steps[2]?.changes.find((c) => c.field === "authToken")).toEqual({
      field: "authToken",
      from: null,
      to: null,
      status: "pending",
      note: "auth token set",
    });
  });

  it("keeps user passwords out, including authenticationMode.passwords", () => {
    const events = [
      ev(
        "CreateUser",
        "2024-01-01T00:00:00Z",
        {
          userId: "u1",
          userName: "u1",
          engine: "redis",
          accessString: "on ~* +@all",
          authenticationMode: { type: "password", passwords: [PASSWORD] },
        },
        null,
      ),
      ev(
        "ModifyUser",
        "2024-01-02T00:00:00Z",
        { userId: "u1", authenticationMode: { type: "password", passwords: [`${PASSWORD}-2`] } },
        null,
      ),
    ];
    const h = reconstructHistory("user", "u1", events);
    expect(JSON.stringify(h)).not.toContain(PASSWORD);
    expect(h.steps[0]?.configAfter.passwordCount?.value).toBe(1);
    expect(h.steps[0]?.configAfter.authenticationType?.value).toBe("password");
    expect(h.steps[1]?.changes.map(describeChange)).toEqual(["password changed (requested)"]);
  });

  it("is the same whether built from the clear records or from them as stored, masked at ingest", () => {
    const records = [
      {
        eventName: "CreateReplicationGroup",
        time: "2024-01-01T00:00:00Z",
        requestParameters: { replicationGroupId: "rg", engine: "redis", authToken: TOKEN },
        responseElements: { replicationGroupId: "rg", status: "creating", authTokenEnabled: true },
      },
      {
        eventName: "ModifyReplicationGroup",
        time: "2024-01-02T00:00:00Z",
        requestParameters: { replicationGroupId: "rg", authToken: ROTATED, authTokenUpdateStrategy: "ROTATE" },
        responseElements: { replicationGroupId: "rg", status: "modifying", pendingModifiedValues: {} },
      },
    ];
    const history = (stored: boolean) =>
      reconstructHistory(
        "replication-group",
        "rg",
        records.map(({ eventName, time, ...fields }, i) => {
          const { requestParameters, responseElements } = stored ? maskSecrets(fields) : fields;
          return ev(eventName, time, requestParameters, responseElements, { id: `e${i}` });
        }),
      );
    expect(history(true)).toEqual(history(false));
    expect(history(true).steps[1]?.changes.map(describeChange)).toEqual([
      "status creating → modifying",
      "auth token rotated",
    ]);
  });
});
