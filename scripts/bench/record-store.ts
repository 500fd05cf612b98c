// What storing the record costs PostgreSQL and Node, as jsonb (before 2026-12) and as
// record_data (compressed bytea, lib/events/record-codec.ts), side by side in one run: the same
// generated records COPYed (binary, as lib/ingest/store.ts does) into a table of each form, and
// the CPU of the PostgreSQL backend that ran the COPY read from /proc. docs/benchmarks.md,
// "Disk per event".
//
//   npx tsx scripts/bench/record-store.ts [--records 20000]
import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { encodeRecord } from "@/lib/events/record-codec";
import { BinaryCopyRows } from "@/lib/ingest/copy-binary";
import { generateElastiCacheRecords } from "@/tools/corpus";

const i = process.argv.indexOf("--records");
const count = i >= 0 ? Number(process.argv[i + 1]) : 20_000;
const ROUNDS = 3;

function backendCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
}

const texts = generateElastiCacheRecords(count, 4242).map((r) => Buffer.from(JSON.stringify(r)));
const server = await startEmbeddedPostgres({ dataDir: path.resolve(".data/bench-record-store"), preferredPort: 54395 });
const client = new pg.Client({ connectionString: server.url });
await client.connect();
try {
  const pid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
  await client.query("DROP TABLE IF EXISTS r_jsonb, r_bytea");
  await client.query("CREATE TABLE r_jsonb (record jsonb NOT NULL)");
  await client.query("CREATE TABLE r_bytea (record_data bytea NOT NULL)");
  await client.query("ALTER TABLE r_bytea ALTER COLUMN record_data SET STORAGE EXTERNAL");
  const results: Record<string, { node: number[]; pg: number[]; bytes: number }> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const form of ["jsonb", "bytea"] as const) {
      await client.query(`TRUNCATE r_${form}`);
      const cpu = process.cpuUsage();
      const rows = new BinaryCopyRows(1, count * (form === "jsonb" ? 2048 : 512));
      for (const t of texts) {
        if (form === "jsonb") rows.row().jsonb(t);
        else rows.row().bytea(encodeRecord(t));
      }
      const payload = rows.finish();
      const used = process.cpuUsage(cpu);
      const before = backendCpuMs(pid);
      await pipeline(Readable.from([payload]), client.query(copyFrom(`COPY r_${form} FROM STDIN (FORMAT binary)`)));
      const pgMs = backendCpuMs(pid) - before;
      const size = await client.query<{ n: string }>(`SELECT pg_total_relation_size('r_${form}') AS n`);
      const r = (results[form] ??= { node: [], pg: [], bytes: 0 });
      r.node.push((used.user + used.system) / count);
      r.pg.push((pgMs * 1000) / count);
      r.bytes = Number(size.rows[0]!.n) / count;
    }
  }
  const min = (xs: number[]) => Math.min(...xs).toFixed(0);
  console.log(
    `${count.toLocaleString("en-US")} records of ${(texts.reduce((n, t) => n + t.length, 0) / count).toFixed(0)} B, best of ${ROUNDS}:\n`,
  );
  console.log(
    "| record stored as | Node CPU µs / record (COPY row built) | PostgreSQL CPU µs / record (COPY) | table B / record |",
  );
  console.log("|---|---:|---:|---:|");
  for (const [form, r] of Object.entries(results))
    console.log(
      `| ${form === "jsonb" ? "jsonb (before)" : "record_data bytea (now)"} | ${min(r.node)} | ${min(r.pg)} | ${r.bytes.toFixed(0)} |`,
    );
} finally {
  await client.end();
  await server.release();
}
