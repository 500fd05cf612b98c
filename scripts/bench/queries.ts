// [BENCH_ONLY=<regexp>] npm run bench:queries [-- --events 1000000 --runs 40 --reload]
// Server-side time of the explorer's and event page's queries on a database of ≥ 1 M
// generated ElastiCache events, next to the naive ways (OFFSET paging, ILIKE over the whole
// record as text, an exact count), plus a resource-timeline and a resources-list query for
// the cluster pages. Writes its section of docs/benchmarks.md — except under BENCH_ONLY, which times
// just the cases whose group and name it matches, as bench:overview does (a partial table is no report).
// The data set: queries/data-set.ts; what is timed: queries/cases.ts; the section: queries/report.ts.
import { spawnSync } from "node:child_process";
import os from "node:os";
import { parseArgs } from "node:util";
import { closePrismaClient, createPrismaClient } from "@/lib/db/create-client";
import { dataSetCounts, provideQueryBenchDatabase } from "./queries/data-set";
import { measure, type Result } from "./queries/measure";
import { writeQueriesReport } from "./queries/report";

async function main() {
  const { values } = parseArgs({
    options: {
      events: { type: "string", default: "1000000" },
      runs: { type: "string", default: "40" },
      reload: { type: "boolean", default: false },
    },
  });
  const bench = await provideQueryBenchDatabase({ events: Number(values.events), reload: values.reload });
  const runs = Number(values.runs);
  // Imported here: the cases import modules marked server-only (this process runs with react-server).
  const { queryCases } = await import("./queries/cases");
  const prisma = createPrismaClient(bench.url, 10);
  let cases = await queryCases(prisma, bench);
  // Per-domain cases, each in its own file.
  const { historyEffectCases } = await import("./queries/history-effects");
  cases.push(...(await historyEffectCases(prisma)));
  const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY, "i") : null;
  if (only) cases = cases.filter((c) => only.test(`${c.group} ${c.name}`));

  const before = os.loadavg()[0]!;
  const results: Result[] = [];
  for (const c of cases) {
    const r = await measure(c, runs);
    results.push(r);
    console.error(
      `${r.p50.toFixed(1).padStart(8)} ms p50 ${r.p95.toFixed(1).padStart(8)} ms p95  ${r.group} · ${r.name} (${r.rows})`,
    );
  }
  const after = os.loadavg()[0]!;
  await closePrismaClient(prisma);
  const counts = await dataSetCounts(bench.url);
  await bench.release();
  console.error(`Load average ${before.toFixed(2)} → ${after.toFixed(2)} during the timed runs.`);
  if (only) return;

  await writeQueriesReport({
    results,
    counts,
    runs,
    hotResourceEvents: bench.hotResourceEvents,
    load: { before, after },
  });
  console.error("Wrote the bench:queries section of docs/benchmarks.md.");
}

// lib/events marks its modules server-only; outside Next.js that condition must be given to Node.
if (!process.execArgv.includes("--conditions=react-server")) {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)],
    { stdio: "inherit" },
  );
  process.exit(child.status ?? 1);
}
await main();
