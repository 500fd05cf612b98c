// The query cases that read what the disk-per-event changes moved (issue 19, docs/benchmarks.md
// "Disk per event"), timed alone on the query benchmark's data set: the request id (uuid or text)
// in free text, the event page and the export, and a run's events (its page and its run page).
// The generated data set has no ingest runs, so 10,000 consecutive events (as one ingest stores
// them) are assigned to one run first, once (this changes the loaded data set: marked on it).
//   npx tsx --conditions=react-server scripts/bench/queries/disk.ts [-- --events 1000000 --runs 20]
// Prints a table; the figures go into "Disk per event" by hand, with `uptime`.
import { parseArgs } from "node:util";
import pg from "pg";
import { createPrismaClient } from "@/lib/db/create-client";
import { getEvent, getRelatedEvents } from "@/lib/events/detail";
import { exportEvents } from "@/lib/events/export";
import { listEvents } from "@/lib/events/queries";
import { getRunDetail } from "@/lib/run-history/queries";
import { runFilesQuerySchema } from "@/lib/run-history/schemas";
import { uptime } from "../report";
import { provideQueryBenchDatabase } from "./data-set";
import { measure, type Case } from "./measure";

const RUN_EVENTS = 10_000;

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "1000000" },
    runs: { type: "string", default: "20" },
    explain: { type: "boolean", default: false },
  },
});
const bench = await provideQueryBenchDatabase({ events: Number(values.events) });
const c = new pg.Client({ connectionString: bench.url });
await c.connect();
// One run of 10,000 consecutive events from the middle of the data set, as an ingest stores them.
let run = (await c.query<{ id: string }>(`SELECT id FROM ingest_run WHERE triggered_by = 'bench:disk'`)).rows[0]?.id;
if (!run) {
  const source = await c.query<{ id: string }>(
    `INSERT INTO source (kind, name) VALUES ('cli', 'bench:disk') RETURNING id`,
  );
  run = (
    await c.query<{ id: string }>(
      `INSERT INTO ingest_run (source_id, status, triggered_by, finished_at) VALUES ($1, 'succeeded', 'bench:disk', now())
       RETURNING id`,
      [source.rows[0]!.id],
    )
  ).rows[0]!.id;
  await c.query(
    `UPDATE event SET ingest_run_id = $1 WHERE id IN (SELECT id FROM event ORDER BY id OFFSET $2 LIMIT $3)`,
    [run, Math.floor(bench.events / 2), RUN_EVENTS],
  );
  await c.query("VACUUM (ANALYZE) event");
}
const sample = (
  await c.query<{ event_id: string; request: string }>(
    // to_jsonb(e): the same query before the request_key and event_key columns existed (the "before" figures).
    `SELECT COALESCE(event_id, to_jsonb(e)->>'event_key') AS event_id,
       COALESCE(request_id, to_jsonb(e)->>'request_key') AS request FROM event e TABLESAMPLE SYSTEM (0.5)
     WHERE COALESCE(request_id, to_jsonb(e)->>'request_key') IS NOT NULL LIMIT 500`,
  )
).rows;
const window = (
  await c.query<{ from: Date; to: Date }>(
    `SELECT min(event_time) AS from, max(event_time) AS to FROM (SELECT event_time FROM event
     ORDER BY event_time DESC, id DESC OFFSET $1 LIMIT 10000) w`,
    [Math.floor(bench.events / 2)],
  )
).rows[0]!;
// --explain: the plans of what the changed indexes serve (a run's page and count, one request's events).
if (values.explain) {
  const request = sample.find((r) => r.request.length === 36)?.request ?? "";
  const plans: [string, string, unknown[]][] = [
    [
      "a run's first page",
      `SELECT id FROM event e WHERE e.ingest_run_id = $1 ORDER BY e.event_time DESC, e.id DESC LIMIT 51`,
      [run],
    ],
    ["a run's count", `SELECT count(*) FROM event e WHERE e.ingest_run_id = $1`, [run]],
    [
      "one request's events (a uuid)",
      `SELECT COALESCE(e.event_id, to_jsonb(e)->>'event_key') AS event_id FROM event e
       WHERE e.request_key = $1::uuid AND e.request_id IS NULL`,
      [request],
    ],
  ];
  for (const [title, sql, params] of plans) {
    const plan = await c.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params);
    console.log(`\n${title}:\n${plan.rows.map((r) => `    ${r["QUERY PLAN"]}`).join("\n")}`);
  }
}
await c.end();

const prisma = createPrismaClient(bench.url, 4);
let pick = 0;
const next = () => sample[pick++ % sample.length]!;
const cases: Case[] = [
  {
    group: "Explorer",
    name: "free text, a request ID",
    run: async () => (await listEvents(prisma, { q: next().request })).events.length,
  },
  {
    group: "Explorer",
    name: "free text, an event ID",
    run: async () => (await listEvents(prisma, { q: next().event_id })).events.length,
  },
  {
    group: "Explorer",
    name: `first page, one run (${RUN_EVENTS.toLocaleString("en-US")} events)`,
    run: async () => (await listEvents(prisma, { run: run! })).events.length,
  },
  {
    group: "Event page",
    name: "detail + related events (same request)",
    run: async () => {
      const found = await getEvent(prisma, next().event_id);
      const related = found ? await getRelatedEvents(prisma, found.anchor) : null;
      return related ? 1 + related.sameRequest.length : 0;
    },
  },
  {
    group: "Ingestions",
    name: "a run's page (files, outcomes, changed resources)",
    run: async () => ((await getRunDetail(prisma, run!, runFilesQuerySchema.parse({}))) ? 1 : 0),
  },
  {
    group: "Export",
    name: "CSV export of ~10,000 events (a time window)",
    slow: true,
    run: async () =>
      (
        await new Response(
          exportEvents(prisma, { from: window.from.toISOString(), to: window.to.toISOString() }, "csv"),
        ).text()
      ).split("\r\n").length - 2,
  },
];
console.log(`uptime before: ${uptime()}`);
console.log("| case | p50 ms | p95 ms | rows |\n|---|---:|---:|---:|");
for (const k of cases) {
  const r = await measure(k, Number(values.runs));
  console.log(`| ${r.group} · ${r.name} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.rows} |`);
}
console.log(`uptime after: ${uptime()}`);
await prisma.$disconnect();
await bench.release();
