import { describe, expect, it } from "vitest";
import {
  allowedHostNames,
  clientAddress,
  crossSiteRefusal,
  hostNameOf,
  isAllowedHost,
  isStateChanging,
} from "./request-guards";

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

describe("the client's address", () => {
  const headers = (h: Record<string, string>) => new Headers(h);

  it("is the TCP peer by default, whatever X-Forwarded-For claims", () => {
    const spoofed = headers({ "x-cachetrail-peer": "198.51.100.9", "x-forwarded-for": "203.0.113.1, 203.0.113.2" });
    expect(clientAddress(spoofed, 0)).toBe("198.51.100.9");
    expect(clientAddress(headers({ "x-forwarded-for": "203.0.113.1" }), 0)).toBeNull();
  });

  it("behind trusted proxies, is the address the farthest trusted one saw, not what the client wrote", () => {
    // client 198.51.100.7 wrote a fake entry; proxy 10.0.0.2 appended the client; we see 10.0.0.2.
    const oneProxy = headers({ "x-cachetrail-peer": "10.0.0.2", "x-forwarded-for": "203.0.113.66, 198.51.100.7" });
    expect(clientAddress(oneProxy, 1)).toBe("198.51.100.7");
    // Two proxies: the outer one (10.0.0.1) appended the client, the inner one appended 10.0.0.1.
    const twoProxies = headers({
      "x-cachetrail-peer": "10.0.0.2",
      "x-forwarded-for": "203.0.113.66, 198.51.100.7, 10.0.0.1",
    });
    expect(clientAddress(twoProxies, 2)).toBe("198.51.100.7");
    // Fewer entries than proxies configured: the leftmost there is.
    expect(clientAddress(headers({ "x-cachetrail-peer": "10.0.0.2" }), 2)).toBe("10.0.0.2");
  });
});
