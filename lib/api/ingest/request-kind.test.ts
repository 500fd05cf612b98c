import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/handler";
import { classifyRequest } from "./request-kind";

const limits = { maxFileBytes: 1024 };
const classify = (headers: Record<string, string>) => classifyRequest(new Headers(headers), limits);
const refusal = (headers: Record<string, string>) => {
  try {
    classify(headers);
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error("not refused");
};

describe("classifyRequest", () => {
  it("reads multipart forms and the raw types, whatever their parameters", () => {
    expect(classify({ "content-type": "multipart/form-data; boundary=x" })).toEqual({
      kind: "multipart",
      contentType: "multipart/form-data; boundary=x",
    });
    expect(classify({ "content-type": "Application/JSON; charset=utf-8" })).toEqual({
      kind: "raw",
      mediaType: "application/json",
    });
    for (const type of ["application/gzip", "application/x-gzip", "application/x-ndjson", "application/octet-stream"]) {
      expect(classify({ "content-type": type }).kind).toBe("raw");
    }
  });

  it("refuses other types with 415, and says how to fix curl's default", () => {
    expect(refusal({ "content-type": "text/plain" }).status).toBe(415);
    expect(refusal({}).message).toMatch(/^Missing Content-Type/);
    expect(refusal({ "content-type": "application/x-www-form-urlencoded" }).message).toMatch(
      /add -H 'Content-Type: application\/json'/,
    );
  });

  it("refuses an empty body, a form without boundary, and a declared size over the limit", () => {
    expect(refusal({ "content-type": "application/json", "content-length": "0" })).toMatchObject({ status: 400 });
    expect(refusal({ "content-type": "multipart/form-data" })).toMatchObject({
      status: 400,
      message: expect.stringMatching(/no boundary/),
    });
    expect(refusal({ "content-type": "application/gzip", "content-length": "1025" })).toEqual({
      status: 413,
      message: "The file is 1 KiB, larger than the 1 KiB limit for one file (INGEST_MAX_FILE_BYTES).",
    });
    // A multipart body is several files: its total is not one file's size.
    expect(classify({ "content-type": "multipart/form-data; boundary=x", "content-length": "999999" }).kind).toBe(
      "multipart",
    );
  });
});
