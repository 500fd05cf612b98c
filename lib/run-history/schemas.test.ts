import { describe, expect, it } from "vitest";
import { ingestionPageUrl, ingestionsPageUrl, runFilesQuerySchema, runListQuerySchema } from "./schemas";

describe("ingestion page URLs", () => {
  it("leave defaults out, so a parsed query links where the bare page does", () => {
    expect(ingestionsPageUrl()).toBe("/ingestions");
    expect(ingestionsPageUrl(runListQuerySchema.parse({}))).toBe("/ingestions");
    expect(ingestionsPageUrl({ source: "s3", status: "partial", before: "40", limit: 50 })).toBe(
      "/ingestions?source=s3&status=partial&before=40&limit=50",
    );
    expect(ingestionPageUrl("42", runFilesQuerySchema.parse({}))).toBe("/ingestions/42");
    expect(ingestionPageUrl("42", { files: "problems", after: "7" })).toBe("/ingestions/42?files=problems&after=7");
  });
});
