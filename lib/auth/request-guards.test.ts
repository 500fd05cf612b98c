import { describe, expect, it } from "vitest";
import { allowedHostNames, crossSiteRefusal, hostNameOf, isAllowedHost, isStateChanging } from "./request-guards";

describe("allowed hosts", () => {
  it("defaults to loopback plus the bound host, and only loopback when bound to every interface", () => {
    expect(allowedHostNames(undefined, "127.0.0.1")).toEqual(["localhost", "127.0.0.1", "[::1]"]);
    expect(allowedHostNames(undefined, "cachetrail.internal")).toEqual([
      "localhost",
      "127.0.0.1",
      "[::1]",
      "cachetrail.internal",
    ]);
    expect(allowedHostNames(undefined, "0.0.0.0")).toEqual(["localhost", "127.0.0.1", "[::1]"]);
    expect(allowedHostNames(" Audit.Example.com, *.corp.example ", "0.0.0.0")).toEqual([
      "localhost",
      "127.0.0.1",
      "[::1]",
      "audit.example.com",
      "*.corp.example",
    ]);
  });

  it("compares host names without the port, wildcards one level up", () => {
    const allowed = allowedHostNames("audit.example.com,*.corp.example", "0.0.0.0");
    expect(hostNameOf("[::1]:3000")).toBe("[::1]");
    expect(isAllowedHost("localhost:3000", allowed)).toBe(true);
    expect(isAllowedHost("AUDIT.example.com", allowed)).toBe(true);
    expect(isAllowedHost("ct.corp.example:443", allowed)).toBe(true);
    expect(isAllowedHost("corp.example", allowed)).toBe(false);
    expect(isAllowedHost("evil.example", allowed)).toBe(false);
    expect(isAllowedHost("audit.example.com.evil.example", allowed)).toBe(false);
    expect(isAllowedHost(null, allowed)).toBe(false);
  });
});

describe("cross-site refusal", () => {
  const h = (init: Record<string, string>) => new Headers(init);

  it("admits the app's own pages by Sec-Fetch-Site or by Origin", () => {
    expect(crossSiteRefusal(h({ "sec-fetch-site": "same-origin" }), "localhost:3000")).toBeNull();
    expect(crossSiteRefusal(h({ origin: "http://localhost:3000" }), "localhost:3000")).toBeNull();
  });

  it("refuses other sites, missing origins and mismatched ports", () => {
    expect(
      crossSiteRefusal(h({ "sec-fetch-site": "cross-site", origin: "https://evil.example" }), "localhost:3000"),
    ).toBe("Refused a cross-site request: it did not come from this app's pages.");
    expect(crossSiteRefusal(h({ "sec-fetch-site": "same-site" }), "a.example")).toMatch(/same-site/);
    expect(crossSiteRefusal(h({ origin: "https://evil.example" }), "localhost:3000")).toBe(
      "Refused a request from https://evil.example: not this app's origin.",
    );
    expect(crossSiteRefusal(h({ origin: "http://localhost:4000" }), "localhost:3000")).toMatch(/not this app's origin/);
    expect(crossSiteRefusal(h({ origin: "null" }), "localhost:3000")).toMatch(/unreadable|not this app/);
    expect(crossSiteRefusal(h({}), "localhost:3000")).toMatch(/without an Origin/);
  });

  it("only state-changing methods are checked", () => {
    expect(["GET", "head", "OPTIONS"].map(isStateChanging)).toEqual([false, false, false]);
    expect(["POST", "PATCH", "PUT", "DELETE"].map(isStateChanging)).toEqual([true, true, true, true]);
  });
});
