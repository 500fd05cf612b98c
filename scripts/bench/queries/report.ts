// The query benchmark's section of docs/benchmarks.md: the setting, then one table per group of cases.
import { machineDescription, markdownTable, writeBenchmarkSection } from "../report";
import type { DataSetCounts } from "./data-set";
import { SLOW_CASE_RUNS, WARM_UPS, type Result } from "./measure";

export interface QueriesReport {
  results: Result[];
  counts: DataSetCounts;
  /** Timed runs per case (baselines and export: at most SLOW_CASE_RUNS). */
  runs: number;
  hotResourceEvents: number;
  /** One-minute load averages before and after the run: the machine is shared. */
  load: { before: number; after: number };
}

const n = (v: number) => v.toLocaleString("en-US");

function groupTables(results: Result[]): string {
  const groups = [...new Set(results.map((r) => r.group))];
  return groups
    .map((g) => {
      const rows = results
        .filter((r) => r.group === g)
        .map((r) => [
          r.name,
          r.p50.toFixed(1),
          r.p95.toFixed(1),
          `${n(r.rows)}${r.note === null ? "" : ` (${r.note})`}`,
        ]);
      return `### ${g}\n\n${markdownTable(["query", "p50 ms", "p95 ms", "rows"], rows)}`;
    })
    .join("\n\n");
}

export async function writeQueriesReport(report: QueriesReport): Promise<void> {
  const { counts, load } = report;
  const setting = [
    `${machineDescription()}, load average ${load.before.toFixed(1)} → ${load.after.toFixed(1)} during the run`,
    "(the machine is shared: expect p95 to move with it).",
    `${n(counts.events)} events (generated ElastiCache activity from \`tools/corpus\`,`,
    `plus ${n(report.hotResourceEvents)} on one cache cluster), ${n(counts.actors)} actors,`,
    `${n(counts.resources)} resources, ${counts.size} on disk, in the embedded PostgreSQL with default settings.`,
    "Server time measured around the domain functions the routes call (round trip to PostgreSQL included),",
    `warm cache, ${report.runs} runs after ${WARM_UPS} warm-ups (baselines and export: ${SLOW_CASE_RUNS}).`,
    "Targets: p95 < 100 ms for lists and filter menus, < 20 ms for the detail lookup,",
    "< 150 ms for a resource timeline, < 100 ms for the resources list.",
  ].join(" ");
  await writeBenchmarkSection(
    "queries",
    `## Queries (\`npm run bench:queries\`)\n\n${setting}\n\n${groupTables(report.results)}`,
  );
}
