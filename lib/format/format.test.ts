import { describe, expect, it } from "vitest";
import { formatSize, plural } from "./numbers";
import { formatDuration } from "./time";

describe("formats of messages and pages", () => {
  it("sizes", () => {
    expect(formatSize(1)).toBe("1 byte");
    expect(formatSize(1000)).toBe("1,000 bytes");
    expect(formatSize(1536)).toBe("1.5 KiB");
    expect(formatSize(209_715_258)).toBe("200 MiB");
    expect(formatSize(4 * 1024 ** 3)).toBe("4 GiB");
  });

  it("durations", () => {
    expect(formatDuration(870)).toBe("0.9 s");
    expect(formatDuration(14_208)).toBe("14 s");
    expect(formatDuration(75_000)).toBe("1 min 15 s");
    expect(formatDuration(7_500_000)).toBe("2 h 5 min");
  });

  it("plurals", () => {
    expect(plural(1, "file")).toBe("1 file");
    expect(plural(1204, "file")).toBe("1,204 files");
  });
});
