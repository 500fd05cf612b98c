import { describe, expect, it } from "vitest";
import { emptyFileSummary } from "@/lib/ingest/file-summary";
import { runTotals } from "@/lib/ingest/run-summary";
import { statusOfFiles } from "./http-status";
import type { FileResult, UploadResult } from "@/lib/ingest/upload-schemas";

function file(
  name: string,
  outcome: FileResult["outcome"],
  errorCode: string | null = null,
  error: string | null = null,
): FileResult {
  return { index: 0, ...emptyFileSummary(name, "1"), outcome, error, errorCode };
}

function result(...files: FileResult[]): UploadResult {
  return {
    runId: "1",
    status: "partial",
    url: "/ingestions/1",
    eventsUrl: "/events?run=1",
    totals: runTotals(files),
    files,
  };
}

describe("statusOfFiles", () => {
  it("is 200 as soon as one file was ingested, whatever happened to the others", () => {
    expect(
      statusOfFiles(result(file("a", "ok"), file("b", "failed", "too-large"), file("c", "failed", "not-json"))),
    ).toEqual({ status: 200 });
    expect(statusOfFiles(result(file("insights", "skipped")))).toEqual({ status: 200 });
    expect(statusOfFiles(result(file("digest", "digest")))).toEqual({ status: 200 });
  });

  it("is 413 when nothing was ingested and a file was over a limit — even if it kept events before the limit", () => {
    const big = file("big.json", "partial", "too-large", "the file is larger than the 1 GiB limit");
    expect(statusOfFiles(result(big))).toEqual({
      status: 413,
      message: "“big.json”: the file is larger than the 1 GiB limit.",
    });
    expect(statusOfFiles(result(big, file("x", "failed", "not-json"))).status).toBe(413);
  });

  it("is 422 when nothing was ingested because nothing was readable", () => {
    expect(statusOfFiles(result(file("notes.txt", "failed", "not-json", "not JSON: …")))).toEqual({
      status: 422,
      message: "“notes.txt” could not be ingested: not JSON: ….",
    });
    expect(statusOfFiles(result(file("a", "failed"), file("b", "not-ingested"))).status).toBe(422);
  });
});
