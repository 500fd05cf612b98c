import { describe, expect, it } from "vitest";
import type { FileOutcome } from "./file-summary";
import { runStatus, runTotals } from "./run-summary";

function file(outcome: FileOutcome, stored = 0) {
  return { outcome, bytes: 100, recordsRead: stored + 2, stored, duplicates: 1, skipped: 1, rejected: 0 };
}

describe("runTotals", () => {
  it("sums the files' counts; failed and not-ingested files both count as failed", () => {
    expect(runTotals([file("ok", 3), file("failed"), file("not-ingested"), file("skipped")])).toEqual({
      files: 4,
      bytes: 400,
      recordsRead: 11,
      stored: 3,
      duplicates: 4,
      skipped: 4,
      rejected: 0,
      failedFiles: 2,
    });
  });

  it("is all zeros for a run without files", () => {
    expect(runTotals([])).toEqual({
      files: 0,
      bytes: 0,
      recordsRead: 0,
      stored: 0,
      duplicates: 0,
      skipped: 0,
      rejected: 0,
      failedFiles: 0,
    });
  });
});

describe("runStatus", () => {
  it("is aborted whenever the run was stopped", () => {
    expect(runStatus([file("ok")], true)).toBe("aborted");
  });

  it("is failed when every file failed, partial when some did or were partly read", () => {
    expect(runStatus([file("failed"), file("not-ingested")], false)).toBe("failed");
    expect(runStatus([file("ok"), file("not-ingested")], false)).toBe("partial");
    expect(runStatus([file("ok"), file("partial")], false)).toBe("partial");
  });

  it("is succeeded when every file was read or skipped, and for a run without files", () => {
    expect(runStatus([file("ok"), file("skipped")], false)).toBe("succeeded");
    expect(runStatus([], false)).toBe("succeeded");
  });
});
