// Record format 1 against format 2 (lib/events/record-codec.ts) on the records of a bench corpus:
// stored bytes per record, and the encode and decode time per record (µs, best of ROUNDS, the
// reused zlib handles, one thread), side by side in one run. Each record goes through the ingest's
// own steps: normaliseRecord, then the text and column values lib/ingest/store.ts stores.
// docs/benchmarks.md, "Disk per event", "Session 20: record format 2".
//
//   npx tsx scripts/bench/record-format.ts [--corpus .data/bench/all-50MB-seed1]
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import { isElastiCacheRecord, normaliseRecord } from "@/lib/cloudtrail/normalise";
import { decodeRecordBytes, encodeRecord, type RecordColumnValues } from "@/lib/events/record-codec";
import { toPostgresJson } from "@/lib/ingest/postgres-text";
import { recordColumnValues } from "@/lib/ingest/store";
import { uptime } from "./report";

const ROUNDS = 7;
const { values } = parseArgs({ options: { corpus: { type: "string", default: ".data/bench/all-50MB-seed1" } } });

function* trailFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "CloudTrail-Digest") yield* trailFiles(file);
    else if (entry.isFile() && entry.name.endsWith(".json.gz")) yield file;
  }
}

const records: { text: Buffer; columns: RecordColumnValues }[] = [];
for (const file of trailFiles(values.corpus)) {
  const { Records } = JSON.parse(gunzipSync(readFileSync(file)).toString("utf8")) as { Records?: unknown[] };
  for (const record of Records ?? []) {
    if (!isElastiCacheRecord(record as { eventSource?: unknown })) continue;
    const result = normaliseRecord(record, Buffer.from(JSON.stringify(record)));
    if (!result.ok) continue;
    const e = result.event;
    records.push({ text: e.recordJson ?? Buffer.from(toPostgresJson(e.record)), columns: recordColumnValues(e) });
  }
}

const forms = [
  { name: "format 1 (the whole text)", withColumns: false },
  { name: "format 2 (without the row's values)", withColumns: true },
].map(({ name, withColumns }) => {
  const columns = (c: RecordColumnValues) => (withColumns ? c : undefined);
  const stored = records.map((r) => encodeRecord(r.text, columns(r.columns)));
  stored.forEach((s, i) => {
    if (!decodeRecordBytes(s, records[i]!.columns).equals(records[i]!.text)) throw new Error(`${name}: record ${i}`);
  });
  return {
    name,
    bytes: stored.reduce((sum, s) => sum + s.length, 0) / records.length,
    encode: () => records.forEach((r) => encodeRecord(r.text, columns(r.columns))),
    decode: () => stored.forEach((s, i) => decodeRecordBytes(s, records[i]!.columns)),
    encodeUs: Infinity,
    decodeUs: Infinity,
  };
});

/** µs per record of one pass. */
function perRecord(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1000 / records.length;
}

// The forms alternate within each round, so a change of load on the shared machine reaches both.
const loadBefore = uptime();
for (let round = 0; round < ROUNDS; round++) {
  for (const f of forms) {
    f.encodeUs = Math.min(f.encodeUs, perRecord(f.encode));
    f.decodeUs = Math.min(f.decodeUs, perRecord(f.decode));
  }
}
const loadAfter = uptime();

const text = records.reduce((sum, r) => sum + r.text.length, 0) / records.length;
console.log(
  `${records.length.toLocaleString("en-US")} ElastiCache records of ${values.corpus}, ${text.toFixed(0)} B of text each`,
);
console.log(`${loadBefore} (before) · ${loadAfter} (after)\n`);
console.log("| stored form | B per record | encode µs | decode µs |");
console.log("|---|---:|---:|---:|");
for (const f of forms)
  console.log(`| ${f.name} | ${f.bytes.toFixed(1)} | ${f.encodeUs.toFixed(1)} | ${f.decodeUs.toFixed(1)} |`);
