import { describe, expect, it } from "vitest";
import { MASKED, isSecretKey, maskSecrets } from "./secrets";

describe("maskSecrets", () => {
  it("returns the very same object when there is nothing to mask", () => {
    const record = {
      eventName: "ModifyReplicationGroup",
      requestParameters: { replicationGroupId: "rg", authTokenUpdateStrategy: "ROTATE", authTokenEnabled: true },
      responseElements: { authentication: { type: "password", passwordCount: 2 }, noPasswordRequired: false },
    };
    expect(maskSecrets(record)).toBe(record);
  });

  it("masks auth tokens and passwords, keeping the keys", () => {
    const record = {
      eventName: "CreateReplicationGroup",
      userAgent: "keep",
      requestParameters: {
        replicationGroupId: "rg",
        authToken: "hunter2-hunter2-hunter2",
        authTokenUpdateStrategy: "SET",
      },
      responseElements: { replicationGroupId: "rg" },
    };
    const masked = maskSecrets(record);
    expect(masked).toEqual({
      eventName: "CreateReplicationGroup",
      userAgent: "keep",
      requestParameters: { replicationGroupId: "rg", authToken: MASKED, authTokenUpdateStrategy: "SET" },
      responseElements: { replicationGroupId: "rg" },
    });
    expect(record.requestParameters.authToken).toBe("hunter2-hunter2-hunter2");
    expect(masked.responseElements).toBe(record.responseElements); // untouched branch is shared, not copied
  });

  it("masks nested password lists (ModifyUser's authenticationMode) and newAuthToken", () => {
    const masked = maskSecrets({
      requestParameters: {
        userId: "alice",
        passwords: ["p1-long-enough-pw", "p2-long-enough-pw"],
        authenticationMode: { type: "password", passwords: ["p3-long-enough-pw"] },
        newAuthToken: "n",
        items: [{ password: "inside-array" }, { plain: 1 }],
      },
    });
    const text = JSON.stringify(masked);
    expect(text).not.toMatch(/p1-|p2-|p3-|inside-array/);
    expect(masked.requestParameters).toEqual({
      userId: "alice",
      passwords: MASKED,
      authenticationMode: { type: "password", passwords: MASKED },
      newAuthToken: MASKED,
      items: [{ password: MASKED }, { plain: 1 }],
    });
  });

  it("leaves values CloudTrail already hid, and empty values, as they are", () => {
    const record = {
      requestParameters: {
        authToken: "HIDDEN_DUE_TO_SECURITY_REASONS",
        passwords: ["HIDDEN_DUE_TO_SECURITY_REASONS"],
        password: null,
        newPassword: "",
      },
    };
    expect(maskSecrets(record)).toBe(record);
  });

  it("masks in additionalEventData and serviceEventDetails too, but nowhere else", () => {
    const record = {
      additionalEventData: { clientSecret: "x" },
      serviceEventDetails: { apiKey: 5 },
      userIdentity: { accessKeyId: "AKIA" },
    };
    expect(maskSecrets(record)).toEqual({
      additionalEventData: { clientSecret: MASKED },
      serviceEventDetails: { apiKey: MASKED },
      userIdentity: { accessKeyId: "AKIA" },
    });
  });

  it("copies a __proto__ key as data and does not pollute", () => {
    const record = JSON.parse('{"requestParameters":{"__proto__":{"authToken":"t"},"x":1}}') as Record<string, unknown>;
    const masked = maskSecrets(record);
    const params = masked.requestParameters as Record<string, unknown>;
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(params, "__proto__")?.value).toEqual({ authToken: MASKED });
    expect(({} as Record<string, unknown>).authToken).toBeUndefined();
  });

  it("survives absurd nesting by masking the deep branch instead of overflowing the stack", () => {
    let deep: unknown = { leaf: "secret?" };
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    const masked = maskSecrets({ requestParameters: deep as Record<string, unknown> });
    expect(JSON.stringify(masked)).not.toContain("secret?");
  });

  it.each([
    ["authToken", true],
    ["AuthToken", true],
    ["newAuthToken", true],
    ["password", true],
    ["passwords", true],
    ["masterUserPassword", true],
    ["clientSecret", true],
    ["secret_access_key", true],
    ["sessionToken", true],
    ["authTokenEnabled", false],
    ["authTokenUpdateStrategy", false],
    ["authTokenLastModifiedDate", false],
    ["passwordCount", false],
    ["noPasswordRequired", false],
    ["nextToken", false],
    ["secretArn", false],
  ])("isSecretKey(%s) = %s", (key, expected) => {
    expect(isSecretKey(key)).toBe(expected);
  });
});
