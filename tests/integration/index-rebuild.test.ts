import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobQueue, requestIndexRebuildIfDue } from "@/lib/jobs/sender";
import { QUEUES } from "@/lib/jobs/queues";
import { startWorker } from "@/lib/jobs/worker";
import { indexRebuildDue, REBUILT_TABLES, rebuildIndexes, rebuildIndexesIfDue } from "@/lib/maintenance/index-rebuild";
import type { RebuildPolicy } from "@/lib/maintenance/rebuild-threshold";
import { generateElastiCacheRecords } from "@/tools/corpus";
import { storeRecords } from "@/tests/fixtures/store-records";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// After a large import the ingest's indexes are rebuilt (lib/maintenance/index-rebuild.ts): only once
// enough events arrived since the last rebuild, with every index the same and valid afterwards, smaller
// when the ingest had bloated it, and whatever a failed rebuild left behind dropped.

let t: TestDatabase;
let c: pg.Client;

beforeAll(async () => {
  t = await createTestDatabase();
  c = new pg.Client({ connectionString: t.url });
  await c.connect();
});

afterAll(async () => {
  await c?.end();
  await t?.drop();
});

/** The real policy's shape at a size a test can reach. */
const SMALL: RebuildPolicy = { minEvents: 2_000, share: 0.25 };

/** Records in random time order, stored in small batches: each batch inserts into the middle of every time index. */
async function storeShuffled(count: number, seed: number): Promise<number> {
  const records = generateElastiCacheRecords(count, seed, new Date(Date.UTC(2025, 0, 1 + seed)));
  let state = seed;
  for (let i = records.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [records[i], records[j]] = [records[j]!, records[i]!];
  }
  let stored = 0;
  for (let i = 0; i < records.length; i += 250)
    stored += (await storeRecords(t.prisma, records.slice(i, i + 250))).stored;
  return stored;
}

async function indexDefinitions(): Promise<string[]> {
  const { rows } = await c.query<{ def: string }>(
    `SELECT indexname || ': ' || indexdef AS def FROM pg_indexes
     WHERE schemaname = 'public' AND tablename = ANY($1::text[]) ORDER BY indexname`,
    [[...REBUILT_TABLES]],
  );
  return rows.map((r) => r.def);
}

async function invalidIndexes(): Promise<string[]> {
  const { rows } = await c.query<{ name: string }>(
    `SELECT i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE NOT x.indisvalid`,
  );
  return rows.map((r) => r.name);
}

const indexBytes = async (name: string) =>
  Number((await c.query<{ b: string }>("SELECT pg_relation_size($1::regclass) AS b", [name])).rows[0]!.b);

describe("index rebuild after a large import", () => {
  it("is not due after an import below the threshold, and never for bench:ingest's corpora on the real policy", async () => {
    expect(await storeShuffled(1_800, 1)).toBe(1_800);
    expect(await indexRebuildDue(t.prisma)).toEqual({ due: false, storedSince: 1_800, threshold: 100_000 });
    expect((await indexRebuildDue(t.prisma, SMALL)).due).toBe(false);
    expect(await rebuildIndexesIfDue(t.prisma, { policy: SMALL })).toMatchObject({ kind: "not-due" });
  });

  it("rebuilds every index, the same and valid, and a bloated one comes out smaller", async () => {
    // Stored again: duplicates, which do not count towards the threshold.
    await storeShuffled(1_800, 1);
    expect((await indexRebuildDue(t.prisma, SMALL)).storedSince).toBe(1_800);
    expect(await storeShuffled(6_000, 2)).toBe(6_000);
    expect(await indexRebuildDue(t.prisma, SMALL)).toEqual({ due: true, storedSince: 2_000, threshold: 2_000 });

    const tables = await c.query(
      "SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY($1::text[])",
      [[...REBUILT_TABLES]],
    );
    expect(tables.rowCount).toBe(REBUILT_TABLES.length);
    const definitions = await indexDefinitions();
    const timeIndex = "event_event_time_id_idx";
    expect(definitions.some((d) => d.startsWith(`${timeIndex}:`))).toBe(true);
    const bloated = await indexBytes(timeIndex);
    const result = await rebuildIndexesIfDue(t.prisma, { policy: SMALL });
    if (result.kind !== "rebuilt") throw new Error(`not rebuilt: ${result.kind}`);

    expect(await indexDefinitions()).toEqual(definitions);
    expect(await invalidIndexes()).toEqual([]);
    // Every index of the tables the ingest writes for each event: event_resource's, the counters' keys too.
    expect(result.indexes.map((i) => i.name).sort()).toEqual(definitions.map((d) => d.split(":")[0]!).sort());
    expect(result.indexes.map((i) => i.name)).toEqual(
      expect.arrayContaining(["event_resource_resource_id_event_time_event_id_idx", "actor_resource_pkey"]),
    );
    const rebuilt = await indexBytes(timeIndex);
    expect(result.indexes.find((i) => i.name === timeIndex)).toMatchObject({
      bytesBefore: bloated,
      bytesAfter: rebuilt,
    });
    expect(rebuilt).toBeLessThan(bloated * 0.85);
  });

  it("counts again from the rebuild, against a quarter of the table it left", async () => {
    const row = await c.query<{ through: string; n: string; max: string }>(
      "SELECT through_event_id AS through, events_at_rebuild AS n, (SELECT max(id) FROM event) AS max FROM index_rebuild",
    );
    expect(row.rows[0]).toMatchObject({ through: row.rows[0]!.max, n: "7800" });
    expect(await indexRebuildDue(t.prisma, SMALL)).toEqual({ due: false, storedSince: 0, threshold: 2_000 });
    expect(await indexRebuildDue(t.prisma, { minEvents: 100, share: 0.25 })).toMatchObject({ threshold: 1_950 });
    await storeShuffled(1_900, 3);
    expect((await indexRebuildDue(t.prisma, SMALL)).due).toBe(false);
    await storeShuffled(100, 4);
    expect((await indexRebuildDue(t.prisma, SMALL)).due).toBe(true);
  });

  it("drops the invalid copy a failed concurrent rebuild left behind", async () => {
    // What REINDEX CONCURRENTLY leaves when it fails: an INVALID index named after the one it rebuilt.
    await expect(
      c.query("CREATE UNIQUE INDEX CONCURRENTLY event_event_time_id_idx_ccnew ON event (aws_region)"),
    ).rejects.toThrow();
    expect(await invalidIndexes()).toEqual(["event_event_time_id_idx_ccnew"]);
    const definitions = (await indexDefinitions()).filter((d) => !d.startsWith("event_event_time_id_idx_ccnew"));

    const result = await rebuildIndexes(t.prisma);
    if (result.kind !== "rebuilt") throw new Error(`not rebuilt: ${result.kind}`);
    expect(result.droppedLeftovers).toEqual(["event_event_time_id_idx_ccnew"]);
    expect(await invalidIndexes()).toEqual([]);
    expect(await indexDefinitions()).toEqual(definitions);
  });

  it("does not start while another process rebuilds", async () => {
    await c.query("SELECT pg_advisory_lock(8154031)");
    try {
      expect(await rebuildIndexes(t.prisma)).toEqual({ kind: "busy" });
    } finally {
      await c.query("SELECT pg_advisory_unlock(8154031)");
    }
  });

  it("queues one job when a run crosses the threshold, however many runs ask", async () => {
    const boss = await jobQueue(t.prisma);
    const queued = () =>
      c.query("SELECT id FROM pgboss.job WHERE name = $1 AND state < 'active'", [QUEUES.indexRebuild]);
    expect(await requestIndexRebuildIfDue(t.prisma, boss, SMALL)).toBeNull();
    expect((await queued()).rowCount).toBe(0);

    await storeShuffled(2_500, 5);
    const first = await requestIndexRebuildIfDue(t.prisma, boss, SMALL);
    expect(first).toEqual(expect.any(String));
    expect(await requestIndexRebuildIfDue(t.prisma, () => jobQueue(t.prisma), SMALL)).toBeNull();
    expect((await queued()).rows.map((r: { id: string }) => r.id)).toEqual([first]);
  });

  it("is done by a worker that takes the queued job", async () => {
    const before = (await c.query<{ at: Date }>("SELECT rebuilt_at AS at FROM index_rebuild")).rows[0]!.at;
    const worker = await startWorker(t.prisma, t.url, {
      concurrency: 1,
      pollSeconds: 0.5,
      maintenanceSeconds: 1,
      s3: { leaseSeconds: 30, retries: 1, retryDelaySeconds: 1, secretKey: undefined, ingest: {} },
      rebuildPolicy: SMALL,
    });
    try {
      const deadline = Date.now() + 30_000;
      let rebuiltAt = before;
      while (rebuiltAt.getTime() === before.getTime() && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        rebuiltAt = (await c.query<{ at: Date }>("SELECT rebuilt_at AS at FROM index_rebuild")).rows[0]!.at;
      }
      expect(rebuiltAt.getTime()).toBeGreaterThan(before.getTime());
      expect((await indexRebuildDue(t.prisma, SMALL)).due).toBe(false);
      expect(await invalidIndexes()).toEqual([]);
    } finally {
      await worker.stop();
    }
  }, 60_000);
});
