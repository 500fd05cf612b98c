import { describe, expect, it } from "vitest";
import {
  accessKeyHint,
  openCredentials,
  SealedCredentialsError,
  SecretKeyMissingError,
  sealCredentials,
} from "./secret-box";

const SECRET = "a-long-random-secret-key-for-the-tests-0123456789";
const keys = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };

describe("sealed credentials", () => {
  it("open with the same secret key and source, and never show the secret in the sealed text", () => {
    const sealed = sealCredentials(SECRET, keys, 7n);
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(sealed.includes(keys.secretAccessKey)).toBe(false);
    expect(sealed.includes(keys.accessKeyId)).toBe(false);
    expect(openCredentials(SECRET, sealed, 7n)).toEqual(keys);
  });

  it("differ each time (a fresh IV), so equal keys cannot be spotted", () => {
    expect(sealCredentials(SECRET, keys, 7n) === sealCredentials(SECRET, keys, 7n)).toBe(false);
  });

  it("refuse to open with another secret key, on another source, or tampered with", () => {
    const sealed = sealCredentials(SECRET, keys, 7n);
    expect(() => openCredentials(`${SECRET}!`, sealed, 7n)).toThrow(SealedCredentialsError);
    expect(() => openCredentials(SECRET, sealed, 8n)).toThrow(SealedCredentialsError);
    const flipped = `${sealed.slice(0, -2)}${sealed.endsWith("A") ? "B" : "A"}${sealed.slice(-1)}`;
    expect(() => openCredentials(SECRET, flipped, 7n)).toThrow(SealedCredentialsError);
    expect(() => openCredentials(undefined, sealed, 7n)).toThrow(
      "The stored access keys cannot be opened: CACHETRAIL_SECRET_KEY is not set on the server.",
    );
  });

  it("are refused without a secret key, with a message that says what to do", () => {
    expect(() => sealCredentials(undefined, keys, 7n)).toThrow(SecretKeyMissingError);
    expect(() => sealCredentials(undefined, keys, 7n)).toThrow(
      /CACHETRAIL_SECRET_KEY is not set.*openssl rand -base64 32/,
    );
  });

  it("are recognised by a hint that cannot be used as a key", () => {
    expect(accessKeyHint(keys.accessKeyId)).toBe("AKIA…MPLE");
  });
});
