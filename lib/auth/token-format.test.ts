import { describe, expect, it } from "vitest";
import { bearerToken, newSecret, parseDuration, secretHash } from "./token-format";

describe("token format", () => {
  it("makes 256-bit secrets with the prefix and hashes them with SHA-256", () => {
    const token = newSecret("ct_");
    expect(token).toMatch(/^ct_[A-Za-z0-9_-]{43}$/);
    expect(newSecret("ct_")).not.toBe(token);
    expect(secretHash("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("reads durations in days, hours and minutes", () => {
    expect(parseDuration("30d")).toBe(30 * 86_400_000);
    expect(parseDuration("12h")).toBe(12 * 3_600_000);
    expect(parseDuration("90m")).toBe(90 * 60_000);
    expect(parseDuration("1w")).toBeNull();
    expect(parseDuration("-1d")).toBeNull();
  });

  it("reads a bearer token from the Authorization header", () => {
    expect(bearerToken(new Headers({ authorization: "Bearer ct_abc" }))).toBe("ct_abc");
    expect(bearerToken(new Headers({ authorization: "bearer  ct_abc " }))).toBe("ct_abc");
    expect(bearerToken(new Headers({ authorization: "Basic dXNlcjpwYXNz" }))).toBeNull();
    expect(bearerToken(new Headers())).toBeNull();
  });
});
