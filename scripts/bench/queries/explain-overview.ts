// EXPLAIN (ANALYZE, BUFFERS) of the Overview's aggregate statement on the query benchmark's data set,
// for the whole data set (or the period given): where the Overview's time goes. SETS="a=1;b=2" sets settings first
// (the Overview sets work_mem and max_parallel_workers_per_gather for its statement: lib/overview/queries.ts).
//   flock /tmp/bench.lock npx tsx --conditions=react-server scripts/bench/queries/explain-overview.ts [-- --previous] [-- --account 1111…]
import { parseArgs } from "node:util";
import pg from "pg";
import { aggregatesQuery } from "@/lib/overview/queries";
import { resolveScope } from "@/lib/overview/scope";
import { provideQueryBenchDatabase } from "./data-set";

const { values } = parseArgs({
  options: {
    previous: { type: "boolean", default: false },
    account: { type: "string" },
    region: { type: "string" },
    days: { type: "string" },
    all: { type: "boolean", default: false },
  },
});
const bench = await provideQueryBenchDatabase();
const client = new pg.Client({ connectionString: bench.url });
await client.connect();
try {
  const span = (
    await client.query<{ min: Date; max: Date }>("SELECT min(event_time) AS min, max(event_time) AS max FROM event")
  ).rows[0]!;
  const end = new Date(span.max.getTime() + 1);
  const from = values.days ? new Date(end.getTime() - Number(values.days) * 86_400_000 + 17 * 60_000) : span.min;
  const s = resolveScope(
    values.all
      ? { range: "all", account: values.account ? [values.account] : undefined }
      : {
          from: from.toISOString(),
          to: end.toISOString(),
          account: values.account ? [values.account] : undefined,
          region: values.region ? [values.region] : undefined,
        },
    end,
    span.min,
  );
  const q = aggregatesQuery(values.previous ? s.previous! : s.current, s, !values.previous);
  // `.text`: the statement with PostgreSQL's $1, $2… placeholders.
  for (const set of (process.env.SETS ?? "").split(";").filter(Boolean)) await client.query(`SET ${set}`);
  for (let i = 0; i < 2; i++) await client.query(q.text, q.values as unknown[]);
  const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.values as unknown[]);
  console.log(plan.rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n"));
} finally {
  await client.end();
  await bench.release();
}
