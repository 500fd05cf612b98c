import { describe, expect, it } from "vitest";
import { record } from "@/tests/fixtures/resource-records";
import { normalised } from "@/tests/fixtures/store-records";
import { buildSearchText } from "./search-text";

const text = (request: unknown, opts: Parameters<typeof record>[4] = {}) =>
  buildSearchText(normalised([record("DescribeCacheClusters", "2025-03-01T10:00:00Z", request, null, opts)])[0]!);

describe("buildSearchText", () => {
  it("holds resource ids, request values and the error code, lower-cased, each once", () => {
    const t = text(
      {
        cacheClusterId: "Orders-Cache",
        showCacheNodeInfo: true,
        filters: [{ name: "Engine", values: ["redis", "Orders-Cache"] }],
      },
      { error: "AccessDenied" },
    );
    expect(t.split(" ").sort()).toEqual(["accessdenied", "engine", "orders-cache", "redis"]);
  });

  it("leaves out paging tokens and what has a column of its own (event name, actor)", () => {
    const t = text({ marker: "AAAAbase64+token/xyz==", maxRecords: 100 }, { actor: "datadog-integration" });
    expect(t).toBe("");
  });

  it("is capped, dropping whole values", () => {
    const values = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, `value-${i}-${"x".repeat(20)}`]));
    const t = text(values);
    expect(t.length).toBeLessThanOrEqual(320);
    expect(t.split(" ").every((v) => /^value-\d+-x{20}$/.test(v))).toBe(true);
  });
});
