import { describe, expect, it } from "vitest";
import { resourcePathSchema } from "@/lib/resources/resource-path";
import { resourceUrl, type ResourceKey } from "@/lib/urls";

// A resource's link must lead back to that resource whatever its identifiers: "." and ".."
// are resolved away by browsers, a region literally named "global" is not a global datastore,
// and accounts and regions are as long as the ingest stores them (256 characters).

/** What the route receives for a link, as a browser resolves it and Next.js decodes it. */
function follow(link: string): ResourceKey {
  const path = new URL(link, "http://localhost").pathname;
  const [, root, account, region, kind, id, ...rest] = path.split("/");
  expect({ root, rest }).toEqual({ root: "clusters", rest: [] });
  return resourcePathSchema.parse({
    account: decodeURIComponent(account!),
    region: decodeURIComponent(region!),
    kind: decodeURIComponent(kind!),
    id: decodeURIComponent(id!),
  });
}

const key = (over: Partial<ResourceKey>): ResourceKey => ({
  accountId: "111122223333",
  region: "us-east-1",
  kind: "cache-cluster",
  resourceId: "c-1",
  ...over,
});

describe("resource links round-trip", () => {
  const cases: [string, ResourceKey][] = [
    ["an ordinary cluster", key({})],
    ["a global datastore (region '')", key({ region: "", kind: "global-replication-group" })],
    ["a region literally named global", key({ region: "global" })],
    ["a region named ~global", key({ region: "~global" })],
    ["a resource id '.'", key({ resourceId: "." })],
    ["a resource id '..'", key({ resourceId: ".." })],
    ["a resource id starting with ~", key({ resourceId: "~x" })],
    ["an account '..'", key({ accountId: ".." })],
    ["256-character account and region", key({ accountId: "a".repeat(256), region: "r".repeat(256) })],
    ["a 255-character id with slashes", key({ resourceId: `${"/".repeat(10)}${"x".repeat(245)}` })],
  ];
  for (const [name, resource] of cases) {
    it(name, () => expect(follow(resourceUrl(resource))).toEqual(resource));
  }

  it("ordinary links are unchanged", () => {
    expect(resourceUrl(key({}))).toBe("/clusters/111122223333/us-east-1/cache-cluster/c-1");
    expect(resourceUrl(key({ region: "" }))).toBe("/clusters/111122223333/global/cache-cluster/c-1");
    expect(resourceUrl(key({ region: "global" }))).toBe("/clusters/111122223333/~global/cache-cluster/c-1");
  });
});
