import { describe, expect, it } from "vitest";
import { ssoEmailAllowed, ssoFailureMessage } from "./sso";

describe("single sign-on rules", () => {
  it("allows any domain when none is configured, else only the listed ones (case and spaces aside)", () => {
    expect(ssoEmailAllowed("a@anything.example", "")).toBe(true);
    expect(ssoEmailAllowed("A@Corp.Example", " corp.example ,other.example")).toBe(true);
    expect(ssoEmailAllowed("a@sub.corp.example", "corp.example")).toBe(false);
    expect(ssoEmailAllowed("a@corp.example.evil", "corp.example")).toBe(false);
    expect(ssoEmailAllowed("no-at-sign", "corp.example")).toBe(false);
  });

  it("says why SSO failed in words, naming an unknown code", () => {
    expect(ssoFailureMessage("EMAIL_DOMAIN_NOT_ALLOWED")).toMatch(/^Single sign-on is not open to your e-mail domain/);
    expect(ssoFailureMessage("invalid_code")).toBe(
      "Single sign-on did not complete (invalid_code). Try again, or sign in with a password.",
    );
    expect(ssoFailureMessage(null)).toBe("Single sign-on did not complete. Try again, or sign in with a password.");
  });
});
