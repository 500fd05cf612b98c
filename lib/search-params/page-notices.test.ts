import { describe, expect, it } from "vitest";
import { ignoredActorListParams } from "@/lib/actors/list-params";
import { completenessQuerySchema } from "@/lib/completeness/schemas";
import { parseScopeFilters } from "@/lib/overview/scope";
import { ignoredResourceListParams } from "@/lib/resources/list-params";
import { ignoredTimelineParams } from "@/lib/resources/timeline-params";
import { parseRunFilesQuery, parseRunListQuery } from "@/lib/run-history/schemas";
import { parseLeniently } from "./lenient";

// Pages parse the API's schema leniently and show what they dropped (IgnoredParametersNotice): the
// same message the API's 400 gives, for every list page — none silently ignores a bad parameter.

const NUL = "\u0000";
const CONTROL = "must not contain control characters";

describe("what each page says it ignored", () => {
  it("the resources list", () => {
    expect(ignoredResourceListParams({ engine: "bogus", status: NUL, q: `a${NUL}`, sort: "id" })).toEqual([
      { param: "q", message: CONTROL },
      { param: "status", message: expect.stringMatching(/^Invalid option/) },
      { param: "engine", message: expect.stringMatching(/^Invalid option/) },
    ]);
    expect(ignoredResourceListParams({ kind: "cache-cluster", utm_source: "mail" })).toEqual([]);
  });

  it("the actors list", () => {
    expect(ignoredActorListParams({ q: NUL, issuer: `x${NUL}`, page: ["1", "2"] })).toEqual([
      { param: "issuer", message: CONTROL },
      { param: "q", message: CONTROL },
      { param: "page", message: "given more than once" },
    ]);
  });

  it("a resource's page", () => {
    expect(ignoredTimelineParams({ day: "2025-02-30", at: "0000-01-01", order: "oldest" })).toEqual([
      { param: "day", message: "not a real date" },
      { param: "at", message: "years run from 0001 to 9999" },
    ]);
  });

  it("the overview and security views", () => {
    expect(parseScopeFilters({ from: "2025-02-30", account: NUL }).ignored).toEqual([
      { param: "from", message: "not a real date" },
      { param: "account", message: CONTROL },
    ]);
  });

  it("the ingestions list and a run's page keep the valid parameters", () => {
    expect(parseRunListQuery({ status: "bogus", limit: ["5", "6"], source: "cli" })).toEqual({
      value: { source: "cli", limit: 25 },
      ignored: [
        { param: "status", message: expect.stringMatching(/^Invalid option/) },
        { param: "limit", message: "given more than once" },
      ],
    });
    expect(parseRunFilesQuery({ files: "problems", after: "x" })).toEqual({
      value: { files: "problems", limit: 100 },
      ignored: [{ param: "after", message: "must be a run or file id (digits)" }],
    });
  });

  it("the completeness page keeps its default range for a dropped day", () => {
    const fallback = { from: "2025-03-01", to: "2025-03-30" };
    expect(parseLeniently(completenessQuerySchema, { from: "2025-02-30", account: "123" }, fallback)).toEqual({
      value: fallback,
      ignored: [
        { param: "from", message: "not a real date" },
        { param: "account", message: "a 12-digit account id" },
      ],
    });
  });
});
