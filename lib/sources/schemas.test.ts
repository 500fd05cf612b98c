import { describe, expect, it } from "vitest";
import { searchParamsRecord } from "@/lib/search-params/record";
import { objectsQuerySchema, objectsSearchParams } from "./schemas";

describe("objectsSearchParams", () => {
  it("builds the ledger's query string, leaving the default page size out", () => {
    expect(objectsSearchParams({ status: "failed", limit: 50 }).toString()).toBe("status=failed&limit=50");
    expect(objectsSearchParams({ after: "AWSLogs/1/a b.json.gz", limit: 100 }).toString()).toBe(
      "after=AWSLogs%2F1%2Fa+b.json.gz",
    );
    expect(objectsSearchParams({}).toString()).toBe("");
  });

  it("builds what the API's strict schema reads back unchanged", () => {
    const query = { status: "queued" as const, after: "AWSLogs/111122223333/x.json.gz", limit: 7 };
    expect(objectsQuerySchema.parse(searchParamsRecord(objectsSearchParams(query)))).toEqual(query);
  });
});
