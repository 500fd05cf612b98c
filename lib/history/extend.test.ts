import { describe, expect, it } from "vitest";
import { generateElastiCacheRecords } from "@/tools/corpus";
import { extractResources } from "@/lib/cloudtrail/resources";
import { HISTORY_ROLES } from "@/lib/resources/roles";
import { decodeHistory, encodeHistory, HISTORY_ENCODING_VERSION } from "./encoding";
import { extendHistory, orderEvents, reconstructHistory } from "./reconstruct";
import { ev, fromRecord } from "@/tests/fixtures/history-events";
import type { ResourceHistory, TimelineEvent } from "./types";
import type { ResourceKind } from "@/lib/cloudtrail/types";

/** The generated estate's events grouped as the store links them: per resource, history roles only. */
function corpusResources(): Array<{ kind: ResourceKind; id: string; events: TimelineEvent[] }> {
  const byResource = new Map<string, { kind: ResourceKind; id: string; events: TimelineEvent[] }>();
  for (const record of generateElastiCacheRecords(6_000, 21)) {
    const r = record as Record<string, unknown>;
    const refs = extractResources(
      String(r.eventName),
      r.requestParameters,
      r.responseElements,
      String(r.recipientAccountId),
      String(r.awsRegion),
    );
    for (const ref of refs) {
      if (!HISTORY_ROLES.includes(ref.role)) continue;
      const key = `${ref.accountId}/${ref.region}/${ref.kind}/${ref.id}`;
      let entry = byResource.get(key);
      if (!entry) byResource.set(key, (entry = { kind: ref.kind, id: ref.id, events: [] }));
      entry.events.push(fromRecord(r));
    }
  }
  return [...byResource.values()].filter((r) => r.events.length >= 2);
}

const resources = corpusResources();

describe("extendHistory", () => {
  // Hundreds of full reconstructions: seconds of work, more on a loaded machine.
  it("gives the same history as reconstructing every event, wherever the events are split", () => {
    let splits = 0;
    for (const { kind, id, events } of resources) {
      const ordered = orderEvents(events);
      const whole = reconstructHistory(kind, id, events);
      // Split between seconds: the earlier part is what was stored, the rest arrives later.
      for (const at of [1, Math.floor(ordered.length / 2), ordered.length - 1]) {
        const boundary = ordered[at]!.eventTime.getTime();
        const earlier = ordered.filter((e) => e.eventTime.getTime() < boundary);
        const later = ordered.filter((e) => e.eventTime.getTime() >= boundary);
        if (earlier.length === 0) continue;
        expect(extendHistory(reconstructHistory(kind, id, earlier), later)).toEqual(whole);
        splits += 1;
      }
    }
    // The corpus covers every kind of resource, with lifecycles that end and start again.
    expect(new Set(resources.map((r) => r.kind)).size).toBeGreaterThanOrEqual(8);
    expect(splits).toBeGreaterThan(500);
  }, 60_000);

  it("continues a deleted resource's re-creation as a new lifecycle", () => {
    const created = ev(
      "CreateCacheCluster",
      "2024-01-01T00:00:00",
      { cacheClusterId: "c1", numCacheNodes: 1 },
      { cacheClusterId: "c1", numCacheNodes: 1, cacheClusterStatus: "creating" },
    );
    const deleted = ev(
      "DeleteCacheCluster",
      "2024-01-02T00:00:00",
      { cacheClusterId: "c1" },
      { cacheClusterId: "c1", cacheClusterStatus: "deleting" },
    );
    const again = ev(
      "CreateCacheCluster",
      "2024-01-03T00:00:00",
      { cacheClusterId: "c1", numCacheNodes: 2 },
      { cacheClusterId: "c1", numCacheNodes: 2, cacheClusterStatus: "creating" },
    );
    const extended = extendHistory(reconstructHistory("cache-cluster", "c1", [created, deleted]), [again]);
    expect(extended?.lifecycles.map((l) => l.status)).toEqual(["deleted", "live"]);
    expect(extended?.steps.at(-1)?.configAfter.numCacheNodes?.value).toBe(2);
  });

  it("refuses events that belong before or at the last step: only a full rebuild can place them", () => {
    const a = ev(
      "ModifyCacheCluster",
      "2024-01-02T00:00:00",
      { cacheClusterId: "c1", numCacheNodes: 2, applyImmediately: true },
      null,
    );
    const b = ev(
      "ModifyCacheCluster",
      "2024-01-03T00:00:00",
      { cacheClusterId: "c1", numCacheNodes: 3, applyImmediately: true },
      null,
    );
    const late = ev(
      "ModifyCacheCluster",
      "2024-01-01T00:00:00",
      { cacheClusterId: "c1", numCacheNodes: 4, applyImmediately: true },
      null,
    );
    const stored = reconstructHistory("cache-cluster", "c1", [a, b]);
    expect(extendHistory(stored, [late])).toBeNull();
    expect(extendHistory(stored, [b])).toBeNull(); // delivered again
    expect(extendHistory(stored, [])).toBe(stored);
  });
});

describe("encodeHistory / decodeHistory", () => {
  const roundTrip = (h: ResourceHistory) =>
    decodeHistory(JSON.parse(JSON.stringify(encodeHistory(h))) as ReturnType<typeof encodeHistory>);

  // Every fixture resource rebuilt and deep-compared: about 2 s alone, 12 s on a loaded 2-core machine.
  it("gives back every step, change, configuration and lifecycle through JSON", { timeout: 60_000 }, () => {
    for (const { kind, id, events } of resources) {
      const history = reconstructHistory(kind, id, events);
      expect(roundTrip(history)).toEqual(history);
    }
  });

  it("stores each configuration as the entries that changed, and shares unchanged ones again", () => {
    const created = ev(
      "CreateCacheCluster",
      "2024-01-01T00:00:00",
      { cacheClusterId: "c1", numCacheNodes: 1, engine: "redis" },
      null,
    );
    const read = ev("DescribeCacheClusters", "2024-01-01T00:05:00", { cacheClusterId: "c1" }, null, { readOnly: true });
    const scaled = ev(
      "ModifyCacheCluster",
      "2024-01-02T00:00:00",
      { cacheClusterId: "c1", numCacheNodes: 2, applyImmediately: true },
      null,
    );
    const history = reconstructHistory("cache-cluster", "c1", [created, read, scaled]);
    const encoded = encodeHistory(history);
    expect(encoded.steps[1]?.set).toBeUndefined();
    expect(Object.keys(encoded.steps[2]?.set ?? {})).toEqual(["numCacheNodes"]);
    const decoded = roundTrip(history);
    expect(decoded?.steps[1]?.configAfter).toBe(decoded?.steps[0]?.configAfter);
    expect(decoded?.steps[2]?.configAfter.engine).toBe(decoded?.steps[0]?.configAfter.engine);
  });

  it("rejects a history encoded by another version of the rules", () => {
    const history = reconstructHistory("cache-cluster", "c1", [
      ev("RebootCacheCluster", "2024-01-01T00:00:00", { cacheClusterId: "c1" }, null),
    ]);
    expect(decodeHistory({ ...encodeHistory(history), version: HISTORY_ENCODING_VERSION + 1 })).toBeNull();
  });
});
