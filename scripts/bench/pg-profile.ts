// DATABASE_URL=… npx tsx scripts/bench/pg-profile.ts [-- --corpus .data/bench/all-50MB-seed1 --perf FILE --batch-size N --batch-bytes B]
// Where PostgreSQL's CPU goes during an ingest (issue 19). Runs bench:ingest's "engine" child into a
// fresh migrated database and reports (1) the CPU of every process of the server, read from /proc
// while the child runs (so backends that exit at its end are counted), per stored event, and (2)
// pg_stat_statements for the statements of the store's move: time, rows, WAL bytes per event.
// With --perf FILE, `perf record` (499 Hz, DWARF call graphs) samples every process of the server from
// before the child starts, and the backends forked for it (inherited); group the samples with
// `perf script -F comm,pid,ip,sym` and the function each stack passes through (docs/benchmarks.md,
// "Disk per event", session 18).
//
// Needs a server of its own (the embedded one cannot preload libraries), e.g. as root:
//   su postgres -c "initdb -D /tmp/pgprof -U cachetrail --auth=trust" and
//   su postgres -c "postgres -D /tmp/pgprof -p 55440 -c shared_preload_libraries=pg_stat_statements
//     -c pg_stat_statements.track=top -c max_connections=200"
// then DATABASE_URL=postgresql://cachetrail@127.0.0.1:55440/postgres.
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { parseArgs } from "node:util";
import pg from "pg";
import { formatTable } from "@/scripts/cli/format-table";
import { benchDatabases } from "./bench-databases";
import { perfSplit } from "./pg-perf-split";
import { uptime } from "./report";

const { values } = parseArgs({
  options: {
    corpus: { type: "string", default: ".data/bench/all-50MB-seed1" },
    perf: { type: "string" },
    top: { type: "string", default: "30" },
    /** Events per batch for the ingest (RunWriter's batchSize), to compare batch sizes. */
    "batch-size": { type: "string" },
    /** Record bytes per batch (RunWriter's batchBytes). */
    "batch-bytes": { type: "string" },
  },
});

const TICKS = 100; // USER_HZ

/** utime + stime (ticks) of every process whose parent is `postmaster`, and the postmaster's own. */
function serverTicks(postmaster: number): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue;
    }
    // Fields after the command (which may hold spaces): state ppid … utime(14) stime(15).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const pid = Number(name);
    if (pid !== postmaster && Number(fields[1]) !== postmaster) continue;
    ticks.set(pid, Number(fields[11]) + Number(fields[12]));
  }
  return ticks;
}

const databases = await benchDatabases();
const url = await databases.fresh("cachetrail_pg_profile");
const client = new pg.Client({ connectionString: url });
await client.connect();
await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
const { rows: pm } = await client.query<{ pid: number }>(
  "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'",
);
const checkpointerStat = readFileSync(`/proc/${pm[0]!.pid}/stat`, "utf8");
const postmaster = Number(checkpointerStat.slice(checkpointerStat.lastIndexOf(")") + 2).split(" ")[1]);
await client.query("SELECT pg_stat_statements_reset()");
const before = serverTicks(postmaster);
const last = new Map(before);
const load = uptime();

// perf follows the backends the postmaster forks for the child (inherit), so it starts first.
let perf: ReturnType<typeof spawn> | null = null;
if (values.perf) {
  const pids = [...serverTicks(postmaster).keys()];
  const args = ["record", "-F", "499", "--call-graph", "dwarf,16384", "-o", values.perf, "-p", pids.join(",")];
  perf = spawn("perf", args, { stdio: "inherit" });
  await new Promise((r) => setTimeout(r, 1000));
}
const started = performance.now();
const proc = spawn(
  process.execPath,
  [
    ...["--import", "tsx", "scripts/bench/ingest-child.ts", "--mode", "engine"],
    ...["--corpus", values.corpus!, "--db", url],
    ...(values["batch-size"] ? ["--batch-size", values["batch-size"]] : []),
    ...(values["batch-bytes"] ? ["--batch-bytes", values["batch-bytes"]] : []),
  ],
  { stdio: ["ignore", "pipe", "inherit"] },
);
let out = "";
proc.stdout.on("data", (d: Buffer) => (out += d));
const poll = setInterval(() => {
  for (const [pid, t] of serverTicks(postmaster)) last.set(pid, t);
}, 100);
const code = await new Promise<number | null>((r) => proc.on("exit", r));
const seconds = (performance.now() - started) / 1000;
clearInterval(poll);
perf?.kill("SIGINT");
if (perf) await new Promise((r) => perf!.on("exit", r));
if (code !== 0) throw new Error(`the ingest exited with ${code}`);
const { stored } = JSON.parse(out) as { stored: number };

let cpuTicks = 0;
for (const [pid, t] of last) cpuTicks += t - (before.get(pid) ?? 0);
const cpuSeconds = cpuTicks / TICKS;

const { rows } = await client.query<{
  query: string;
  calls: string;
  ms: number;
  rows: string;
  wal: string;
}>(
  `SELECT regexp_replace(query, '\\s+', ' ', 'g') AS query, calls, total_exec_time AS ms, rows, wal_bytes AS wal
   FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
   ORDER BY total_exec_time DESC LIMIT $1`,
  [Number(values.top)],
);
const totalMs = (
  await client.query<{ ms: number }>(
    `SELECT sum(total_exec_time) AS ms FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  )
).rows[0]!.ms;
await client.end();
await databases.close();

console.log(
  `${stored} events stored in ${seconds.toFixed(1)} s; PostgreSQL CPU ${cpuSeconds.toFixed(1)} s ` +
    `(${((cpuSeconds * 1e6) / stored).toFixed(0)} µs per event); statements' execution time ` +
    `${(totalMs / 1000).toFixed(1)} s (${((totalMs * 1000) / stored).toFixed(0)} µs per event). ` +
    `uptime before: ${load}; after: ${uptime()}`,
);
console.log(
  formatTable(
    ["statement", "calls", "µs / event", "share", "rows", "WAL B / event"],
    rows.map((r) => [
      r.query.slice(0, 110),
      r.calls,
      ((r.ms * 1000) / stored).toFixed(1),
      `${((100 * r.ms) / totalMs).toFixed(1)} %`,
      r.rows,
      (Number(r.wal) / stored).toFixed(0),
    ]),
  ),
);

if (values.perf) {
  const { samples, categories } = perfSplit(values.perf);
  const hz = 499;
  console.log(`\nperf: ${samples} samples (${(samples / hz).toFixed(1)} s of CPU at ${hz} Hz)`);
  console.log(
    formatTable(
      ["where", "share", "µs / event", "of which WAL"],
      [...categories]
        .sort((a, b) => b[1].samples - a[1].samples)
        .map(([name, c]) => [
          name,
          `${((100 * c.samples) / samples).toFixed(1)} %`,
          ((c.samples / hz / stored) * 1e6).toFixed(1),
          `${((100 * c.wal) / samples).toFixed(1)} %`,
        ]),
    ),
  );
}
