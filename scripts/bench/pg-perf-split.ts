// Groups the samples of `perf record --call-graph dwarf` on PostgreSQL's processes by what the server was
// doing (scripts/bench/pg-profile.ts --perf): each sample goes to the first rule a frame of its stack
// matches, walking from the leaf to the root, so an index insert inside an INSERT counts as the index.
import { execFileSync } from "node:child_process";

type Rule = [category: string, test: (frame: string) => boolean];

const RULES: Rule[] = [
  [
    "trigram index (GIN insert, trigram extraction)",
    (f) => /^(gininsert|ginHeapTupleFastInsert|ginInsert)/.test(f) || f.includes("trgm"),
  ],
  ["hash index (request_key)", (f) => f.startsWith("hashinsert") || f.startsWith("_hash_doinsert")],
  [
    "unique and ON CONFLICT checks",
    (f) => ["_bt_check_unique", "ExecCheckIndexConstraints", "check_exclusion_or_unique_constraint"].includes(f),
  ],
  ["B-tree index inserts", (f) => f === "btinsert"],
  ["foreign-key checks (RI triggers)", (f) => f.startsWith("RI_FKey") || f === "afterTriggerInvokeEvents"],
  [
    "heap insert, update, row locks",
    (f) => /^(heap_insert|heap_multi_insert|heap_update|heap_lock_tuple|heapam_tuple_(insert|update|lock))$/.test(f),
  ],
  ["COPY into the staging tables", (f) => ["DoCopy", "CopyFrom", "BeginCopyFrom", "NextCopyFrom"].includes(f)],
  ["ANALYZE (end of the ingest)", (f) => f === "do_analyze_rel" || f === "analyze_rel"],
  ["commit", (f) => ["CommitTransaction", "RecordTransactionCommit", "PreCommit_on_commit_actions"].includes(f)],
  [
    "parse, plan",
    (f) =>
      /^(pg_plan_queries|planner|standard_planner|pg_parse_query|pg_analyze_and_rewrite_(fixed|var)params)$/.test(f),
  ],
  // The sort's and the aggregate's own work only: their nodes are also ancestors of the scans and joins
  // that feed them, which fall to "joins, scans".
  [
    "aggregation (transition, grouping)",
    (f) => /^(advance_aggregates|finalize_aggregate|lookup_hash_entr|hashagg_)/.test(f),
  ],
  ["sorting", (f) => /^(tuplesort_|comparetup_|qsort_tuple|ApplySortComparator)/.test(f)],
  ["joins, scans, the rest of the executor", (f) => f === "standard_ExecutorRun"],
  ["connection start", (f) => f === "BackendMain" || f === "InitPostgres"],
  [
    "background (WAL writer, checkpointer, autovacuum)",
    (f) => /^(WalWriterMain|CheckpointerMain|BackgroundWriterMain|AutoVac)/.test(f),
  ],
];
const WAL = (f: string) => f.startsWith("XLogInsert") || f === "XLogFlush" || f.startsWith("XLogWrite");

export interface PerfSplit {
  samples: number;
  /** Category → samples, and how many of them were inside WAL insertion or flushing. */
  categories: Map<string, { samples: number; wal: number }>;
}

export function perfSplit(file: string): PerfSplit {
  const text = execFileSync("perf", ["script", "-i", file, "-F", "comm,pid,ip,sym"], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    stdio: ["ignore", "pipe", "ignore"],
  });
  const categories = new Map<string, { samples: number; wal: number }>();
  let samples = 0;
  const add = (frames: string[]) => {
    if (frames.length === 0) return;
    samples += 1;
    let category = "other";
    outer: for (const frame of frames)
      for (const [name, test] of RULES)
        if (test(frame)) {
          category = name;
          break outer;
        }
    const entry = categories.get(category) ?? { samples: 0, wal: 0 };
    entry.samples += 1;
    if (frames.some(WAL)) entry.wal += 1;
    categories.set(category, entry);
  };
  let frames: string[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    if (!/^\s/.test(line)) {
      add(frames);
      frames = [];
      continue;
    }
    // "\t  3ec365 InitProcess+0x15" → "InitProcess"
    const symbol = line.trim().split(/\s+/)[1];
    if (symbol) frames.push(symbol.split("+")[0]!);
  }
  add(frames);
  return { samples, categories };
}
