import { describe, expect, it } from "vitest";
import { DEFAULT_LIST_PARAMS, parseResourceListParams, resourceListHref, resourceListQuerySchema } from "./list-params";

describe("the resources list's URL", () => {
  it("opens on the page whatever the link holds: each bad value falls back to its default", () => {
    expect(
      parseResourceListParams({ kind: "cluster", q: " prod ", page: "abc", sort: ["events", "id"], utm_source: "x" }),
    ).toEqual({ ...DEFAULT_LIST_PARAMS, q: "prod" });
  });

  it("is strict on the API: a bad value or an unknown parameter fails, naming it", () => {
    const result = resourceListQuerySchema.safeParse({ kind: "cluster", page: "0", knd: "x" });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join(".") || i.message)).toEqual([
      "kind",
      "page",
      'Unrecognized key: "knd"',
    ]);
  });

  it("builds links through lib/urls.ts, defaults left out", () => {
    expect(resourceListHref({})).toBe("/clusters");
    expect(resourceListHref({ kind: "cache-cluster", sort: "id", dir: "asc", page: 2 })).toBe(
      "/clusters?kind=cache-cluster&sort=id&page=2",
    );
  });
});
