import { describe, expect, it } from "vitest";
import { generatePassword, hashPassword, verifyPassword } from "./password";

// Each hash costs about 0.1 s alone and several seconds on a loaded machine: the timeouts allow for it.
describe("password hashing", () => {
  it("verifies the password it hashed and refuses another", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await verifyPassword(hash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(hash, "correct horse batterY")).toBe(false);
  }, 60_000);

  it("salts: the same password hashes differently", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  }, 60_000);

  it("refuses a malformed hash instead of throwing", async () => {
    expect(await verifyPassword("bcrypt$whatever", "x")).toBe(false);
  });

  it("generates 20-character passwords", () => {
    expect(generatePassword()).toMatch(/^[A-Za-z0-9_-]{20}$/);
  });
});
