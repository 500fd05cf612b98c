import { describe, expect, it } from "vitest";
import { MASKED, isSecretKey, maskSecrets, withoutSecretFields } from "./secrets";

describe("isSecretKey", () => {
  it.each([
    // Secrets: the key ends in a secret's name, whatever its case or separators.
    ["authToken", true],
    ["AuthToken", true],
    ["AUTH_TOKEN", true],
    ["newAuthToken", true],
    ["password", true],
    ["passwords", true],
    ["newPassword", true],
    ["userPasswords", true],
    ["masterUserPassword", true],
    ["password2", true],
    ["passwd", true],
    ["clientSecret", true],
    ["secret_access_key", true],
    ["secretKey", true],
    ["sessionToken", true],
    ["accessToken", true],
    ["refresh-token", true],
    ["privateKey", true],
    ["apiKey", true],
    ["token", true],
    // The two rules that used to disagree: words inside the key (history) said these were secrets,
    // key suffixes (ingest) did not. Credentials are; a page marker and an ARN are not.
    ["credentials", true],
    ["credential", true],
    ["nextToken", false],
    ["secretArn", false],
    ["sessionCredentialFromConsole", false],
    // Keys that describe a secret without being one: what the UI shows.
    ["authTokenEnabled", false],
    ["authTokenStatus", false],
    ["authTokenUpdateStrategy", false],
    ["authTokenLastModifiedDate", false],
    ["passwordCount", false],
    ["noPasswordRequired", false],
    ["accessKeyId", false],
    ["engine", false],
  ])("isSecretKey(%s) = %s", (key, expected) => {
    expect(isSecretKey(key)).toBe(expected);
  });
});

describe("maskSecrets", () => {
  it("returns the very same object when there is nothing to mask", () => {
    const record = {
      eventName: "ModifyReplicationGroup",
      requestParameters: { replicationGroupId: "rg", authTokenUpdateStrategy: "ROTATE", authTokenEnabled: true },
      responseElements: { authentication: { type: "password", passwordCount: 2 }, noPasswordRequired: false },
      sessionCredentialFromConsole: "true",
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

  it("masks anywhere in the record, not only in the request and response", () => {
    const record = {
      additionalEventData: { clientSecret: "x" },
      serviceEventDetails: { apiKey: 5 },
      userIdentity: { accessKeyId: "AKIA", sessionContext: { credentials: { id: "c" } } },
      token: "top-level",
    };
    expect(maskSecrets(record)).toEqual({
      additionalEventData: { clientSecret: MASKED },
      serviceEventDetails: { apiKey: MASKED },
      userIdentity: { accessKeyId: "AKIA", sessionContext: { credentials: MASKED } },
      token: MASKED,
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
});

describe("withoutSecretFields", () => {
  it("drops secret-named keys at any depth, masked or not, and keeps the rest", () => {
    expect(
      withoutSecretFields({
        authToken: "x",
        authTokenEnabled: true,
        a: [{ password: "p", name: "n" }],
        b: { clientSecret: "s" },
        masked: { passwords: MASKED },
        nextToken: "page-2",
      }),
    ).toEqual({ authTokenEnabled: true, a: [{ name: "n" }], b: {}, masked: {}, nextToken: "page-2" });
  });

  it("keeps a __proto__ key as data", () => {
    const out = withoutSecretFields(JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["__proto__"]);
  });

  it("drops a branch nested deeper than any real record", () => {
    let deep: unknown = { leaf: "secret?" };
    for (let i = 0; i < 100; i++) deep = { d: deep };
    expect(JSON.stringify(withoutSecretFields(deep))).not.toContain("secret?");
  });

  it("leaves nothing of what maskSecrets masked", () => {
    const record = { requestParameters: { userId: "u1", authenticationMode: { type: "password", passwords: ["p"] } } };
    expect(withoutSecretFields(maskSecrets(record))).toEqual({
      requestParameters: { userId: "u1", authenticationMode: { type: "password" } },
    });
  });
});
