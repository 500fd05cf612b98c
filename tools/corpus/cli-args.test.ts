import { describe, expect, it } from "vitest";
import { parseCorpusArgs, parseSize } from "./cli-args";

describe("parseSize", () => {
  it("reads binary units, case-insensitively", () => {
    expect(parseSize("500KB")).toBe(500 * 1024);
    expect(parseSize("200MB")).toBe(200 * 1024 ** 2);
    expect(parseSize("1GB")).toBe(1024 ** 3);
    expect(parseSize("1.5mb")).toBe(1.5 * 1024 ** 2);
    expect(parseSize("4096")).toBe(4096);
  });

  it("rejects nonsense", () => {
    for (const bad of ["", "MB", "-1MB", "12XB", "0", "1 2MB"]) expect(() => parseSize(bad)).toThrow();
  });
});

describe("parseCorpusArgs", () => {
  it("parses the documented flags", () => {
    const options = parseCorpusArgs([
      "--out",
      "/tmp/x",
      "--size",
      "2MB",
      "--elasticache-share",
      "0.2",
      "--seed=9",
      "--no-gzip",
      "--large-records",
    ]);
    expect(options).toMatchObject({
      outDir: "/tmp/x",
      sizeBytes: 2 * 1024 ** 2,
      elastiCacheShare: 0.2,
      seed: 9,
      gzip: false,
      largeRecords: true,
    });
  });

  it("defaults share, seed and gzip", () => {
    expect(parseCorpusArgs(["--out", "d", "--size", "1MB"])).toMatchObject({
      elastiCacheShare: 0.05,
      seed: 1,
      gzip: true,
    });
  });

  it("explains what is wrong", () => {
    expect(() => parseCorpusArgs(["--size", "1MB"])).toThrow(/--out/);
    expect(() => parseCorpusArgs(["--out", "d"])).toThrow(/--size/);
    expect(() => parseCorpusArgs(["--out", "d", "--size", "1MB", "--elasticache-share", "1.5"])).toThrow(
      /between 0 and 1/,
    );
    expect(() => parseCorpusArgs(["--out", "d", "--size", "1MB", "--seed", "x"])).toThrow(/integer/);
    expect(() => parseCorpusArgs(["--out", "d", "--size", "1MB", "--bogus"])).toThrow(/unknown/);
    expect(() => parseCorpusArgs(["--out"])).toThrow(/needs a value/);
  });
});
