// The query benchmark's data set: ≥ 1 M generated ElastiCache events plus one busy cache cluster,
// loaded once into its own embedded PostgreSQL (.data/bench-queries, or BENCH_DATABASE_URL) and
// reused while its parameters match. Other benchmarks can reuse it:
//   import { provideQueryBenchDatabase } from "@/scripts/bench/queries/data-set";
//   const bench = await provideQueryBenchDatabase({ events: 1_000_000 });  // { url, hotResource, release }
import path from "node:path";
import pg from "pg";
import { normaliseRecord } from "@/lib/cloudtrail/normalise";
import type { NormalisedEvent } from "@/lib/cloudtrail/types";
import { closePrismaClient, createPrismaClient } from "@/lib/db/create-client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { withDatabase } from "@/lib/db/database-url";
import { applyMigrations } from "@/lib/db/migrate";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { storeEvents } from "@/lib/ingest/store";
import { generateElastiCacheRecords } from "@/tools/corpus";

/** Bump when the generated data or its stored form changes, so an older loaded database is rebuilt. */
// 2: search_text without event and actor names (lib/ingest/search-text.ts).
// 3: records stored as ingested now (record_data as read, lib/events/record-codec.ts), not converted from jsonb.
// 4: records in format 2, without the values their row's columns hold (lib/events/record-codec.ts).
const DATASET_VERSION = 4;
const START = Date.UTC(2025, 0, 1);
const CHUNK = 20_000;
const BATCH = 5_000;

export interface QueryBenchOptions {
  /** Generated events (the hot resource's events come on top). */
  events?: number;
  /** Events on one cache cluster, spread over the whole time range: a busy resource's timeline. */
  hotResourceEvents?: number;
  seed?: number;
  /**
   * Keep every index in place while loading, as the product's ingest does, instead of building the
   * secondary indexes of event and event_resource once at the end (compact, but not what an install holds).
   * Unset: a data set loaded either way is used, and a new one is loaded the default way.
   */
  indexesDuringLoad?: boolean;
  /** Rebuild even when a matching data set is loaded. */
  reload?: boolean;
  log?: (line: string) => void;
}

export interface QueryBench {
  url: string;
  /** The cache cluster with `hotResourceEvents` events. */
  hotResource: { accountId: string; region: string; kind: "cache-cluster"; resourceId: string };
  hotResourceEvents: number;
  events: number;
  release(): Promise<void>;
}

const HOT = {
  accountId: "111122223333",
  region: "us-east-1",
  kind: "cache-cluster" as const,
  resourceId: "bench-hot-cluster",
};

/** A busy cluster: modified and rebooted by automation all through the period. */
function hotRecord(i: number, time: number): Record<string, unknown> {
  const modify = i % 3 !== 2;
  const hex = i.toString(16).padStart(12, "0");
  return {
    eventVersion: "1.09",
    userIdentity: {
      type: "AssumedRole",
      principalId: "AROABENCHHOT:autoscaler",
      arn: "arn:aws:sts::111122223333:assumed-role/cache-autoscaler/autoscaler",
      accountId: HOT.accountId,
      sessionContext: {
        sessionIssuer: {
          type: "Role",
          arn: "arn:aws:iam::111122223333:role/cache-autoscaler",
          userName: "cache-autoscaler",
        },
      },
    },
    eventTime: new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: "elasticache.amazonaws.com",
    eventName: modify ? "ModifyCacheCluster" : "RebootCacheCluster",
    awsRegion: HOT.region,
    sourceIPAddress: "10.20.30.40",
    userAgent: "Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux lang/python#3.12.1",
    requestParameters: modify
      ? { cacheClusterId: HOT.resourceId, numCacheNodes: 2 + (i % 4), applyImmediately: true }
      : { cacheClusterId: HOT.resourceId, cacheNodeIdsToReboot: ["0001"] },
    responseElements: {
      cacheClusterId: HOT.resourceId,
      cacheClusterStatus: modify ? "modifying" : "rebooting cache cluster nodes",
    },
    requestID: `bench-hot-request-${hex}`,
    eventID: `00000000-b0b0-4000-8000-${hex}`,
    readOnly: false,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: HOT.accountId,
    eventCategory: "Management",
  };
}

function normalise(records: Record<string, unknown>[]): NormalisedEvent[] {
  const out: NormalisedEvent[] = [];
  for (const r of records) {
    const result = normaliseRecord(r);
    if (result.ok) out.push(result.event);
  }
  return out;
}

async function sql(url: string, run: (c: pg.Client) => Promise<void>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}

/**
 * Stores the data set: secondary indexes are dropped first and built once at the end, which
 * is how a bulk load should be done and is many times faster than updating a trigram index
 * row by row (unless `indexesDuringLoad`). The schema ends up exactly as the migrations made it.
 */
async function load(
  url: string,
  prisma: PrismaClient,
  o: Required<Omit<QueryBenchOptions, "reload" | "log">>,
  log: (line: string) => void,
) {
  await applyMigrations(url);
  let indexes: { indexname: string; indexdef: string }[] = [];
  if (!o.indexesDuringLoad)
    await sql(url, async (c) => {
      indexes = (
        await c.query<{ indexname: string; indexdef: string }>(
          `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ('event', 'event_resource')
         AND indexdef NOT LIKE 'CREATE UNIQUE%'`,
        )
      ).rows;
      for (const i of indexes) await c.query(`DROP INDEX "${i.indexname}"`);
    });
  const started = Date.now();
  let stored = 0;
  const chunks = Math.ceil(o.events / CHUNK);
  // Each chunk is ~11 hours of a busy estate (a 2 s mean gap); chunks follow each other.
  const chunkSpan = CHUNK * 2_000;
  const pending: Promise<unknown>[] = [];
  // The last chunk's own rate as well as the overall one: a slowdown shows at once (issue 19).
  let chunkStarted = started;
  let storedBefore = 0;
  for (let k = 0; k < chunks; k++) {
    const count = Math.min(CHUNK, o.events - k * CHUNK);
    const events = normalise(generateElastiCacheRecords(count, o.seed * 1_000 + k, new Date(START + k * chunkSpan)));
    for (let i = 0; i < events.length; i += BATCH) {
      // Two batches in flight: Node builds the next while PostgreSQL writes the last.
      if (pending.length >= 2) await pending.shift();
      pending.push(
        storeEvents(prisma, events.slice(i, i + BATCH), { runId: null, fileId: null }).then(
          (r) => (stored += r.stored),
        ),
      );
    }
    const now = Date.now();
    log(
      `  ${(k + 1) * CHUNK} generated, ${stored} stored, ${Math.round(stored / ((now - started) / 1000))} events/s ` +
        `(last ${stored - storedBefore}: ${Math.round((stored - storedBefore) / ((now - chunkStarted) / 1000))}/s)`,
    );
    chunkStarted = now;
    storedBefore = stored;
  }
  await Promise.all(pending);
  const span = chunks * chunkSpan;
  const hot = normalise(
    Array.from({ length: o.hotResourceEvents }, (_, i) =>
      hotRecord(i, START + Math.floor(((i + 0.5) * span) / o.hotResourceEvents)),
    ),
  );
  for (let i = 0; i < hot.length; i += BATCH)
    stored += (await storeEvents(prisma, hot.slice(i, i + BATCH), { runId: null, fileId: null })).stored;
  log(
    `Stored ${stored} events in ${((Date.now() - started) / 1000).toFixed(0)} s; building ${indexes.length} indexes…`,
  );
  const indexing = Date.now();
  await sql(url, async (c) => {
    await c.query("SET maintenance_work_mem = '1GB'");
    await c.query("SET max_parallel_maintenance_workers = 2");
    for (const i of indexes) await c.query(i.indexdef);
    await c.query("VACUUM (ANALYZE) event");
    await c.query("VACUUM (ANALYZE) event_resource");
    await c.query("VACUUM (ANALYZE) actor");
    await c.query("VACUUM (ANALYZE) resource");
  });
  log(`Indexes built and tables analysed in ${((Date.now() - indexing) / 1000).toFixed(0)} s.`);
  return stored;
}

/** The bench database, loaded (or reused when already loaded with the same parameters). */
export async function provideQueryBenchDatabase(options: QueryBenchOptions = {}): Promise<QueryBench> {
  const o = {
    events: options.events ?? 1_000_000,
    hotResourceEvents: options.hotResourceEvents ?? 10_000,
    seed: options.seed ?? 1,
    indexesDuringLoad: options.indexesDuringLoad ?? false,
  };
  const log = options.log ?? ((line: string) => console.error(line));
  let url = process.env.BENCH_DATABASE_URL;
  let release = async () => {};
  if (!url) {
    const server = await startEmbeddedPostgres({
      dataDir: path.resolve(".data/bench-queries"),
      preferredPort: 54393,
      database: "postgres",
      log,
    });
    const admin = server.url;
    url = withDatabase(admin, "cachetrail_bench_queries");
    release = server.release;
    let wanted = JSON.stringify({ v: DATASET_VERSION, ...o });
    // A caller that does not say how the indexes were loaded (the query cases) takes the data set either way.
    const other = JSON.stringify({ v: DATASET_VERSION, ...o, indexesDuringLoad: !o.indexesDuringLoad });
    let current: string | null = null;
    await sql(admin, async (c) => {
      const exists = (await c.query("SELECT 1 FROM pg_database WHERE datname = 'cachetrail_bench_queries'")).rowCount;
      if (exists) {
        await sql(url!, async (d) => {
          const meta = await d.query<{ description: string | null }>(
            "SELECT shobj_description(oid, 'pg_database') AS description FROM pg_database WHERE datname = current_database()",
          );
          current = meta.rows[0]?.description ?? null;
        });
      }
      if (options.indexesDuringLoad === undefined && current === other) wanted = other;
      if (exists && current === wanted && !options.reload) return;
      log(
        `Loading the query benchmark data set (${o.events.toLocaleString("en-US")} events + ` +
          `${o.hotResourceEvents.toLocaleString("en-US")} on one cluster)…`,
      );
      await c.query("DROP DATABASE IF EXISTS cachetrail_bench_queries WITH (FORCE)");
      await c.query("CREATE DATABASE cachetrail_bench_queries");
      current = null;
    });
    if (current !== wanted || options.reload) {
      const prisma = createPrismaClient(url, 4);
      try {
        await load(url, prisma, o, log);
      } finally {
        await closePrismaClient(prisma);
      }
      // The parameters live on the database itself: a half-loaded one never matches.
      await sql(admin, (c) =>
        c.query(`COMMENT ON DATABASE cachetrail_bench_queries IS '${wanted}'`).then(() => undefined),
      );
    }
  }
  // A reused data set gets the migrations written since it was loaded (new indexes, counters).
  const applied = await applyMigrations(url);
  if (applied.length) log(`Applied ${applied.join(", ")} to the loaded data set.`);
  let events = 0;
  await sql(url, async (c) => {
    events = Number((await c.query<{ n: string }>("SELECT count(*) AS n FROM event")).rows[0]?.n ?? 0);
  });
  return { url, hotResource: HOT, hotResourceEvents: o.hotResourceEvents, events, release };
}

export interface DataSetCounts {
  events: number;
  actors: number;
  resources: number;
  /** pg_size_pretty of the database. */
  size: string;
}

/** What the loaded data set holds, for the report. */
export async function dataSetCounts(url: string): Promise<DataSetCounts> {
  let counts: DataSetCounts = { events: 0, actors: 0, resources: 0, size: "" };
  await sql(url, async (c) => {
    const r = await c.query<{ events: string; actors: string; resources: string; size: string }>(
      `SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM actor) AS actors,
        (SELECT count(*) FROM resource) AS resources, pg_size_pretty(pg_database_size(current_database())) AS size`,
    );
    const row = r.rows[0]!;
    counts = {
      events: Number(row.events),
      actors: Number(row.actors),
      resources: Number(row.resources),
      size: row.size,
    };
  });
  return counts;
}
