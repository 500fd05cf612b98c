import { describe, expect, it } from "vitest";
import { ingestionKeys } from "./query-keys";
import { runFilesQuerySchema, runListQuerySchema } from "./schemas";

// The server prefetches under the key of the parsed query (defaults filled in); the client
// asks with what it holds. Both must name the same cache entry.
describe("ingestionKeys", () => {
  it("give a parsed query and the same query with defaults left out one key", () => {
    expect(ingestionKeys.list(runListQuerySchema.parse({}))).toEqual(ingestionKeys.list({}));
    expect(ingestionKeys.list(runListQuerySchema.parse({ source: "s3" }))).toEqual(["ingestions", "list", "source=s3"]);
    expect(ingestionKeys.detail("12", runFilesQuerySchema.parse({}))).toEqual(ingestionKeys.detail("12"));
    expect(ingestionKeys.detail("12", { files: "problems" })).toEqual(["ingestions", "detail", "12", "files=problems"]);
  });
});
