// Disk per stored event (issue 19): each table's heap, TOAST and every index of the query
// benchmark's 1 M-event data set, in bytes per event. A data set loaded before records were
// compressed is converted first, the way an upgraded install's sweeper does it
// (lib/events/record-upgrade.ts), timed, and then compacted with VACUUM FULL so the figures are
// what a fresh load gives; both states are printed. docs/benchmarks.md, "Disk per event".
//
//   npm run bench:disk                  # the 1 M data set (.data/bench-queries, loaded if missing)
//   npm run bench:disk -- --events 100000
//   npm run bench:disk -- --reload      # load the data set again first
//   npm run bench:disk -- --indexes-during-load   # every index kept while loading, as an install's ingest
//                                       # leaves them (default: event's and event_resource's built at the end),
//                                       # then rebuilt as an install rebuilds them after a large import
//                                       # (lib/maintenance/index-rebuild.ts), timed; both states are printed
//   npm run bench:disk -- --compact     # then VACUUM FULL event and event_resource and measure again
//                                       # (after a migration dropped columns or rebuilt a key)
//   npm run bench:disk -- --reset-index-usage   # zero PostgreSQL's per-index scan counters, then…
//   npm run bench:queries; npm run bench:disk -- --index-usage   # …which indexes the query cases used
import pg from "pg";
import { closePrismaClient, createPrismaClient } from "@/lib/db/create-client";
import { convertLegacyRecords } from "@/lib/events/record-upgrade";
import { rebuildIndexes } from "@/lib/maintenance/index-rebuild";
import { provideQueryBenchDatabase } from "./queries/data-set";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const events = Number(arg("events") ?? 1_000_000);
const reload = process.argv.includes("--reload");
const compact = process.argv.includes("--compact");
const indexesDuringLoad = process.argv.includes("--indexes-during-load");
const resetIndexUsage = process.argv.includes("--reset-index-usage");
const indexUsage = process.argv.includes("--index-usage");

interface Part {
  table: string;
  part: string;
  bytes: number;
}

async function sizes(c: pg.Client): Promise<Part[]> {
  const r = await c.query<{ table: string; part: string; bytes: string }>(`
    SELECT c.relname AS table, 'heap' AS part, pg_relation_size(c.oid, 'main') + pg_relation_size(c.oid, 'fsm')
      + pg_relation_size(c.oid, 'vm') AS bytes
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r'
    UNION ALL
    SELECT c.relname, 'toast', pg_total_relation_size(c.reltoastrelid)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.reltoastrelid <> 0
    UNION ALL
    SELECT t.relname, 'index ' || i.relname, pg_relation_size(i.oid)
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public'`);
  return r.rows.map((row) => ({ table: row.table, part: row.part, bytes: Number(row.bytes) }));
}

function report(title: string, parts: Part[], n: number): void {
  const perEvent = (b: number) => (b / n).toFixed(1);
  const tables = new Map<string, Part[]>();
  for (const p of parts) tables.set(p.table, [...(tables.get(p.table) ?? []), p]);
  const total = parts.reduce((s, p) => s + p.bytes, 0);
  console.log(`\n### ${title}\n`);
  console.log(
    `${n.toLocaleString("en-US")} events; ${(total / 2 ** 20).toFixed(0)} MiB in all: **${perEvent(total)} B per event**.\n`,
  );
  console.log("| table | part | MiB | B / event |\n|---|---|---:|---:|");
  const ordered = [...tables].sort(
    (a, b) => b[1].reduce((s, p) => s + p.bytes, 0) - a[1].reduce((s, p) => s + p.bytes, 0),
  );
  for (const [table, list] of ordered) {
    const sum = list.reduce((s, p) => s + p.bytes, 0);
    if (sum / n < 0.5) continue;
    console.log(`| **${table}** | all | ${(sum / 2 ** 20).toFixed(1)} | **${perEvent(sum)}** |`);
    for (const p of list.sort((a, b) => b.bytes - a.bytes))
      if (p.bytes / n >= 0.5) console.log(`| | ${p.part} | ${(p.bytes / 2 ** 20).toFixed(1)} | ${perEvent(p.bytes)} |`);
  }
  const small = [...tables].filter(([, l]) => l.reduce((s, p) => s + p.bytes, 0) / n < 0.5);
  console.log(`\n(${small.length} more tables under 0.5 B per event each.)`);
}

const loading = Date.now();
const bench = await provideQueryBenchDatabase({ events, reload, indexesDuringLoad });
console.log(`Data set ready in ${((Date.now() - loading) / 1000).toFixed(0)} s (migrations applied).`);
const c = new pg.Client({ connectionString: bench.url });
await c.connect();
try {
  if (resetIndexUsage) {
    await c.query("SELECT pg_stat_reset()");
    console.log("Index scan counters reset.");
  }
  if (indexUsage) {
    const used = await c.query<{ table: string; index: string; scans: string; reads: string }>(
      `SELECT relname AS table, indexrelname AS index, idx_scan AS scans, idx_tup_read AS reads
       FROM pg_stat_user_indexes WHERE relname IN ('event', 'event_resource', 'user_agent')
       ORDER BY relname, indexrelname`,
    );
    console.log("\n| table | index | scans | entries read |\n|---|---|---:|---:|");
    for (const r of used.rows)
      console.log(
        `| ${r.table} | ${r.index} | ${Number(r.scans).toLocaleString("en-US")} | ${Number(r.reads).toLocaleString("en-US")} |`,
      );
  }
  const n = Number((await c.query<{ n: string }>("SELECT count(*) AS n FROM event")).rows[0]!.n);
  const legacy = Number(
    (await c.query<{ n: string }>("SELECT count(*) AS n FROM event WHERE record IS NOT NULL")).rows[0]!.n,
  );
  const stats = await c.query<{ avg_jsonb: string | null; avg_data: string | null }>(
    `SELECT avg(pg_column_size(record)) AS avg_jsonb, avg(pg_column_size(record_data)) AS avg_data FROM event`,
  );
  console.log(
    `record: jsonb ${Number(stats.rows[0]!.avg_jsonb ?? 0).toFixed(0)} B on average over ${legacy} rows, ` +
      `record_data ${Number(stats.rows[0]!.avg_data ?? 0).toFixed(0)} B over ${n - legacy} rows`,
  );
  report(legacy > 0 ? "As loaded (records as jsonb)" : "As loaded", await sizes(c), n);
  if (legacy > 0) {
    const prisma = createPrismaClient(bench.url, 2);
    const started = Date.now();
    const cpu = process.cpuUsage();
    let converted = 0;
    for (;;) {
      const k = await convertLegacyRecords(prisma, 2_000);
      if (k === 0) break;
      converted += k;
      if (converted % 100_000 < 2_000) console.error(`  ${converted} converted`);
    }
    const used = process.cpuUsage(cpu);
    await closePrismaClient(prisma);
    const s = (Date.now() - started) / 1000;
    console.log(
      `\nConverted ${converted.toLocaleString("en-US")} records in ${s.toFixed(0)} s ` +
        `(${Math.round(converted / s)} per second; Node CPU ${((used.user + used.system) / converted).toFixed(0)} µs per record).`,
    );
    const vacuum = Date.now();
    await c.query("SET maintenance_work_mem = '512MB'");
    await c.query("VACUUM FULL event");
    await c.query("ANALYZE event");
    console.log(`VACUUM FULL event: ${((Date.now() - vacuum) / 1000).toFixed(0)} s.`);
    const after = await c.query<{ avg_data: string }>(`SELECT avg(pg_column_size(record_data)) AS avg_data FROM event`);
    console.log(`record_data: ${Number(after.rows[0]!.avg_data).toFixed(0)} B on average.`);
    report("Records compressed (converted, then VACUUM FULL event)", await sizes(c), n);
  }
  if (indexesDuringLoad) {
    const prisma = createPrismaClient(bench.url, 2);
    const started = Date.now();
    const cpu = process.cpuUsage();
    try {
      const result = await rebuildIndexes(prisma, {
        onIndex: (i, k, total) => console.error(`  rebuilding ${i.name} (${k}/${total})…`),
      });
      if (result.kind !== "rebuilt") throw new Error(`The rebuild did not run: ${result.kind}`);
      const s = (Date.now() - started) / 1000;
      console.log(
        `\nRebuilt ${result.indexes.length} indexes (REINDEX INDEX CONCURRENTLY, one at a time) in ${s.toFixed(1)} s ` +
          `(Node CPU ${((process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1e6).toFixed(1)} s).\n`,
      );
      console.log(
        "| index | MiB as loaded | MiB rebuilt | B / event as loaded | rebuilt | s |\n|---|---:|---:|---:|---:|---:|",
      );
      for (const i of result.indexes)
        console.log(
          `| ${i.table}.${i.name} | ${(i.bytesBefore / 2 ** 20).toFixed(1)} | ${(i.bytesAfter / 2 ** 20).toFixed(1)} | ` +
            `${(i.bytesBefore / n).toFixed(1)} | ${(i.bytesAfter / n).toFixed(1)} | ${(i.ms / 1000).toFixed(1)} |`,
        );
    } finally {
      await closePrismaClient(prisma);
    }
    report("After the rebuild an install runs after a large import", await sizes(c), n);
  }
  if (compact) {
    const vacuum = Date.now();
    await c.query("SET maintenance_work_mem = '512MB'");
    for (const table of ["event", "event_resource"]) {
      const started = Date.now();
      await c.query(`VACUUM FULL ${table}`);
      await c.query(`ANALYZE ${table}`);
      console.log(`VACUUM FULL ${table}: ${((Date.now() - started) / 1000).toFixed(0)} s.`);
    }
    console.log(`Compacted in ${((Date.now() - vacuum) / 1000).toFixed(0)} s.`);
    report("Compacted (VACUUM FULL event, event_resource)", await sizes(c), n);
  }
} finally {
  await c.end();
  await bench.release();
}
