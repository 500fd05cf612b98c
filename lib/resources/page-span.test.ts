import { describe, expect, it } from "vitest";
import { existence, pageSpan, type PageSpanInput } from "./page-span";

const t = (s: string) => new Date(s);
const base: PageSpanInput = {
  order: "newest",
  window: { start: null, end: null },
  firstSeen: t("2025-03-01T10:00:00.000Z"),
  lastSeen: t("2025-03-20T10:00:00.000Z"),
  cursorTime: null,
  lastEventTime: null,
};
const iso = (span: ReturnType<typeof pageSpan>) => span && [span.start.toISOString(), span.end.toISOString()];

describe("pageSpan", () => {
  it("covers the resource's seen life when one page holds the whole timeline", () => {
    expect(iso(pageSpan(base))).toEqual(["2025-03-01T10:00:00.000Z", "2025-03-20T10:00:00.001Z"]);
  });

  it("is bounded by the window", () => {
    const window = { start: t("2025-03-05T00:00:00.000Z"), end: t("2025-03-06T00:00:00.000Z") };
    expect(iso(pageSpan({ ...base, window }))).toEqual(["2025-03-05T00:00:00.000Z", "2025-03-06T00:00:00.000Z"]);
    expect(pageSpan({ ...base, window: { start: t("2025-04-01T00:00:00.000Z"), end: null } })).toBeNull();
  });

  it("newest first: pages reach down to their last event and follow on without overlap", () => {
    const first = pageSpan({ ...base, lastEventTime: t("2025-03-15T00:00:00.000Z") });
    const second = pageSpan({
      ...base,
      cursorTime: t("2025-03-15T00:00:00.000Z"),
      lastEventTime: t("2025-03-10T00:00:00.000Z"),
    });
    const last = pageSpan({ ...base, cursorTime: t("2025-03-10T00:00:00.000Z") });
    expect(iso(first)).toEqual(["2025-03-15T00:00:00.000Z", "2025-03-20T10:00:00.001Z"]);
    expect(iso(second)).toEqual(["2025-03-10T00:00:00.000Z", "2025-03-15T00:00:00.000Z"]);
    expect(iso(last)).toEqual(["2025-03-01T10:00:00.000Z", "2025-03-10T00:00:00.000Z"]);
  });

  it("oldest first: the same upwards", () => {
    const o = { ...base, order: "oldest" as const };
    const first = pageSpan({ ...o, lastEventTime: t("2025-03-05T00:00:00.000Z") });
    const last = pageSpan({ ...o, cursorTime: t("2025-03-05T00:00:00.000Z") });
    expect(iso(first)).toEqual(["2025-03-01T10:00:00.000Z", "2025-03-05T00:00:00.001Z"]);
    expect(iso(last)).toEqual(["2025-03-05T00:00:00.001Z", "2025-03-20T10:00:00.001Z"]);
  });
});

describe("existence", () => {
  const seen = { firstSeen: t("2025-03-01T10:00:00.000Z"), lastSeen: t("2025-03-20T10:00:00.000Z") };
  const span = (e: { firstSeen: Date; lastSeen: Date }) => [e.firstSeen.toISOString(), e.lastSeen.toISOString()];

  it("ends at the last lifecycle's deletion, not at later calls naming the deleted id", () => {
    const lifecycles = [
      { index: 0, createdAt: t("2025-03-01T10:00:00.000Z"), deletedAt: t("2025-03-05T00:00:00.000Z") },
      { index: 1, createdAt: t("2025-03-06T00:00:00.000Z"), deletedAt: t("2025-03-10T00:00:00.000Z") },
    ];
    expect(span(existence(seen, lifecycles))).toEqual(["2025-03-01T10:00:00.000Z", "2025-03-10T00:00:00.000Z"]);
  });

  it("starts at the creation when earlier events (failed attempts, reads) named the id first", () => {
    expect(span(existence(seen, [{ index: 0, createdAt: t("2025-03-02T00:00:00.000Z") }]))).toEqual([
      "2025-03-02T00:00:00.000Z",
      "2025-03-20T10:00:00.000Z",
    ]);
  });

  it("keeps the seen span when the events hold neither creation nor deletion, or for a live resource", () => {
    expect(span(existence(seen, []))).toEqual(["2025-03-01T10:00:00.000Z", "2025-03-20T10:00:00.000Z"]);
    expect(span(existence(seen, [{ index: 0 }]))).toEqual(["2025-03-01T10:00:00.000Z", "2025-03-20T10:00:00.000Z"]);
  });
});
