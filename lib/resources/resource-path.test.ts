import { describe, expect, it } from "vitest";
import { parseEventFilters } from "@/lib/events/filters";
import { resourceEventsUrl } from "./resource-path";

describe("a resource's events in the explorer", () => {
  it("narrows the id to the resource's account and region, and round-trips through the explorer's schema", () => {
    const href = resourceEventsUrl({ accountId: "123456789012", region: "us-west-2", kind: "cache-cluster", resourceId: "test-memcached" });
    expect(href).toBe("/events?resource=test-memcached&account=123456789012&region=us-west-2");
    const { filters, ignored } = parseEventFilters(Object.fromEntries(new URL(href, "http://x").searchParams));
    expect(ignored).toEqual([]);
    expect(filters).toMatchObject({ resource: "test-memcached", account: ["123456789012"], region: ["us-west-2"] });
  });

  it("leaves the region out for a global datastore, whose events are called in some region", () => {
    expect(resourceEventsUrl({ accountId: "123456789012", region: "", kind: "global-replication-group", resourceId: "ldgnf-orders" })).toBe(
      "/events?resource=ldgnf-orders&account=123456789012",
    );
  });
});
