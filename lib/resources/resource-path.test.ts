import { describe, expect, it } from "vitest";
import { parseEventFilters } from "@/lib/events/filters";
import { readLaneEventsUrl, resourceEventsUrl } from "./resource-path";

describe("a resource's events in the explorer", () => {
  it("narrows the id to the resource's account and region, and round-trips through the explorer's schema", () => {
    const href = resourceEventsUrl({
      accountId: "123456789012",
      region: "us-west-2",
      kind: "cache-cluster",
      resourceId: "test-memcached",
    });
    expect(href).toBe("/events?resource=test-memcached&account=123456789012&region=us-west-2");
    const { filters, ignored } = parseEventFilters(Object.fromEntries(new URL(href, "http://x").searchParams));
    expect(ignored).toEqual([]);
    expect(filters).toMatchObject({ resource: "test-memcached", account: ["123456789012"], region: ["us-west-2"] });
  });

  it("leaves the region out for a global datastore, whose events are called in some region", () => {
    expect(
      resourceEventsUrl({
        accountId: "123456789012",
        region: "",
        kind: "global-replication-group",
        resourceId: "ldgnf-orders",
      }),
    ).toBe("/events?resource=ldgnf-orders&account=123456789012");
  });
});

describe("a collapsed read lane's calls in the explorer", () => {
  it("names the resource, operation, actor and the lane's span, end exclusive, and parses back without loss", () => {
    const key = { accountId: "123456789012", region: "us-west-2", kind: "cache-cluster", resourceId: "prod-sessions" };
    const href = readLaneEventsUrl(key, {
      eventName: "DescribeCacheClusters",
      actorKey: "AssumedRole:arn:aws:iam::123456789012:role/datadog",
      firstAt: "2025-03-14T00:00:07.000Z",
      lastAt: "2025-03-14T23:55:07.000Z",
    });
    const { filters, ignored } = parseEventFilters(Object.fromEntries(new URL(href, "http://x").searchParams));
    expect(ignored).toEqual([]);
    expect(filters).toMatchObject({
      resource: "prod-sessions",
      account: ["123456789012"],
      region: ["us-west-2"],
      name: ["DescribeCacheClusters"],
      actor: "AssumedRole:arn:aws:iam::123456789012:role/datadog",
      from: "2025-03-14T00:00:07.000Z",
      to: "2025-03-14T23:55:08.000Z",
    });
  });
});
