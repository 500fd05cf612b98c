// The query cases that read what the disk-per-event changes moved (issue 19, docs/benchmarks.md
// "Disk per event"), timed alone on the query benchmark's data set: the request id (uuid or text)
// in free text, the event page and the export, and a run's events (its page and its run page).
// The generated data set has no ingest runs, so runs are made from its events first, once (this
// changes the loaded data set: marked on it): ~15 % and ~50 % of the events, consecutive as one
// ingest stores them, and two runs of ~10 % each whose batches of 2,500 alternate, as two ingests
// at the same time store them.
//   npx tsx --conditions=react-server scripts/bench/queries/disk.ts [--events 1000000 --runs 20 --reload --explain]
// Prints a table; the figures go into "Disk per event" by hand, with `uptime`.
import { parseArgs } from "node:util";
import pg from "pg";
import { closePrismaClient, createPrismaClient } from "@/lib/db/create-client";
import { getEvent, getRelatedEvents } from "@/lib/events/detail";
import { exportEvents } from "@/lib/events/export";
import { listEvents } from "@/lib/events/queries";
import { DEFAULT_LIST_PARAMS, type ResourceListParams } from "@/lib/resources/list-params";
import { listResources } from "@/lib/resources/list-queries";
import { getRunDetail } from "@/lib/run-history/queries";
import { runFilesQuerySchema } from "@/lib/run-history/schemas";
import { uptime } from "../report";
import { provideQueryBenchDatabase } from "./data-set";
import { measure, type Case } from "./measure";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "1000000" },
    runs: { type: "string", default: "20" },
    explain: { type: "boolean", default: false },
    reload: { type: "boolean", default: false },
  },
});
const bench = await provideQueryBenchDatabase({ events: Number(values.events), reload: values.reload });
const c = new pg.Client({ connectionString: bench.url });
await c.connect();
// Each run: its name, and which events it holds (fractions of the data set's ids, by position).
const RUNS = [
  { name: "15 %", from: 0.05, to: 0.2, every: 1 },
  { name: "50 %", from: 0.25, to: 0.75, every: 1 },
  { name: "interleaved A", from: 0.8, to: 1, every: 2, phase: 0 },
  { name: "interleaved B", from: 0.8, to: 1, every: 2, phase: 1 },
] as const;
const runIds = new Map<string, { id: string; events: number }>();
for (const r of RUNS) {
  const marker = `bench:disk ${r.name}`;
  let id = (await c.query<{ id: string }>(`SELECT id FROM ingest_run WHERE triggered_by = $1`, [marker])).rows[0]?.id;
  if (!id) {
    const source = await c.query<{ id: string }>(
      `INSERT INTO source (kind, name) VALUES ('cli', 'bench:disk')
       ON CONFLICT (kind, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    );
    id = (
      await c.query<{ id: string }>(
        `INSERT INTO ingest_run (source_id, status, triggered_by, finished_at) VALUES ($1, 'succeeded', $2, now())
         RETURNING id`,
        [source.rows[0]!.id, marker],
      )
    ).rows[0]!.id;
    const phase = "phase" in r ? r.phase : 0;
    await c.query(
      `UPDATE event SET ingest_run_id = $1 WHERE id IN (
         SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM event) e
         WHERE n >= $2 AND n < $3 AND (n / 2500) % $4 = $5)`,
      [id, Math.floor(bench.events * r.from), Math.floor(bench.events * r.to), r.every, phase],
    );
    // Where the run's bounds are kept (migration 20261212140000), as its batches would have set them.
    const bounds = await c.query(
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'ingest_run' AND column_name = 'first_event_id'`,
    );
    if (bounds.rowCount)
      await c.query(
        `UPDATE ingest_run SET (first_event_id, last_event_id) =
           (SELECT min(id), max(id) FROM event WHERE ingest_run_id = $1) WHERE id = $1`,
        [id],
      );
    await c.query("VACUUM (ANALYZE) event");
  }
  const events = (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM event WHERE ingest_run_id = $1`, [id]))
    .rows[0]!.n;
  runIds.set(r.name, { id, events });
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
  // A run's events as lib/events/sql.ts reads them (migration 20261212140000): its id range next to
  // ingest_run_id, as values for a page and as subqueries for a count.
  const ofRun = `e.ingest_run_id = $1 AND e.id BETWEEN (SELECT first_event_id FROM ingest_run WHERE id = $1)
    AND (SELECT last_event_id FROM ingest_run WHERE id = $1)`;
  const runParams = [runIds.get("15 %")!.id];
  const pageParams = [
    ...runParams,
    ...Object.values(
      (await c.query(`SELECT first_event_id, last_event_id FROM ingest_run WHERE id = $1`, runParams)).rows[0]!,
    ),
  ];
  const plans: [string, string, unknown[]][] = [
    [
      "a run's first page (run 15 %)",
      `SELECT id FROM event e WHERE e.ingest_run_id = $1 AND e.id BETWEEN $2 AND $3
       ORDER BY e.event_time DESC, e.id DESC LIMIT 51`,
      pageParams,
    ],
    [
      "a run's capped count (run 15 %)",
      `SELECT count(*) FROM (SELECT 1 FROM event e WHERE ${ofRun} LIMIT 1001) c`,
      runParams,
    ],
    [
      "a run's events per file (run 15 %)",
      `SELECT ingest_file_id, count(*) FROM event e WHERE ${ofRun} GROUP BY 1`,
      runParams,
    ],
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
    group: "Event page",
    name: "detail + related events (same request)",
    run: async () => {
      const found = await getEvent(prisma, next().event_id);
      const related = found ? await getRelatedEvents(prisma, found.anchor) : null;
      return related ? 1 + related.sameRequest.length : 0;
    },
  },
  ...[...runIds].flatMap(([name, r]): Case[] => {
    const label = `run ${name} (${r.events.toLocaleString("en-US")} events)`;
    let second: string | null = null;
    return [
      {
        group: "Explorer",
        name: `first page and total, ${label}`,
        run: async () => {
          const page = await listEvents(prisma, { run: r.id });
          second = page.next;
          return { rows: page.events.length, note: `${page.total.kind} ${page.total.value}` };
        },
      },
      {
        group: "Explorer",
        name: `second page (keyset), ${label}`,
        run: async () => (await listEvents(prisma, { run: r.id, after: second ?? undefined })).events.length,
      },
      {
        group: "Ingestions",
        name: `a run's page (files, outcomes, changed resources), ${label}`,
        run: async () => ((await getRunDetail(prisma, r.id, runFilesQuerySchema.parse({}))) ? 1 : 0),
      },
    ];
  }),
  // The resources list, which reads (kind, last_seen) or, since migration 20261212141000, (kind, last_seen_day).
  ...(
    [
      ["default view", {}],
      ["cache clusters, page 1", { kind: "cache-cluster" }],
      ["cache clusters, page 20", { kind: "cache-cluster", page: 20 }],
      ["snapshots, oldest first", { kind: "snapshot", dir: "asc" }],
      ["all kinds, page 20", { page: 20 }],
    ] as [string, Partial<ResourceListParams>][]
  ).map(([name, params]): Case => ({
    group: "Resources list",
    name,
    run: async () => (await listResources(prisma, { ...DEFAULT_LIST_PARAMS, ...params })).rows.length,
  })),
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
  console.log(
    `| ${r.group} · ${r.name} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.rows}${r.note ? ` (${r.note})` : ""} |`,
  );
}
console.log(`uptime after: ${uptime()}`);
await closePrismaClient(prisma);
await bench.release();
