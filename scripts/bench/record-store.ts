// What storing the record costs Node and PostgreSQL, side by side in one run (docs/benchmarks.md,
// "The record's cost at ingest"):
//  1. the codec alone: encode and decode CPU (µs per record, best of ROUNDS) and stored bytes per
//     record for every candidate, on the generator's ElastiCache records (what `npm run corpus`
//     writes) and on the repository's realistic fixture records (the ElastiCache guide's three
//     records in tests/fixtures/seed, the lifecycle records of the history tests);
//  2. the COPY: the same generated records COPYed (binary, as lib/ingest/store.ts does) into a
//     table as jsonb (before 2026-12), and as record_data bytea encoded one-shot (session 14) and
//     through the reused zlib handle (now), with the CPU of the PostgreSQL backend read from /proc.
//
// Candidates that need a package CacheTrail does not depend on (zstd) run when --candidates names a
// folder where they are installed (`npm i --prefix /tmp/codec-cands @bokuweb/zstd-wasm
// @toondepauw/node-zstd`); their dictionary is trained with the zstd CLI if it is on the PATH.
//
//   npx tsx scripts/bench/record-store.ts [--records 20000] [--candidates /tmp/codec-cands] [--codec-only]
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import {
  decodeRecordBytes,
  decodeRecordBytesOneShot,
  encodeRecord,
  encodeRecordOneShot,
} from "@/lib/events/record-codec";
import { RECORD_DICTIONARY_1 } from "@/lib/events/record-dictionary-1";
import { BinaryCopyRows } from "@/lib/ingest/copy-binary";
import { generateElastiCacheRecords } from "@/tools/corpus";
import { lifecycleRecords } from "@/tests/fixtures/history/lifecycle-records";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const count = Number(arg("--records") ?? 20_000);
const candidatesDir = arg("--candidates");
const ROUNDS = 3;
const CODEC_ROUNDS = 5;
const HEADER = 5;

const texts = generateElastiCacheRecords(count, 4242).map((r) => Buffer.from(JSON.stringify(r)));
const seedDir = path.resolve("tests/fixtures/seed");
const fixtures = [
  ...["create-cache-cluster.json", "describe-cache-clusters.json", "modify-cache-cluster.json"].map((f) =>
    readFileSync(path.join(seedDir, f)),
  ),
  ...lifecycleRecords().map((r) => Buffer.from(JSON.stringify(r))),
];

interface Candidate {
  name: string;
  /** The stored payload (without the 5-byte header every format carries). */
  encode: (text: Buffer) => Uint8Array;
  decode: (payload: Uint8Array, text: Buffer) => Uint8Array;
}

const dictionary1 = Buffer.from(RECORD_DICTIONARY_1, "base64");
const oneShotDeflate =
  (options: zlib.ZlibOptions): Candidate["encode"] =>
  (t) =>
    zlib.deflateRawSync(t, { dictionary: dictionary1, ...options });
const oneShotInflate: Candidate["decode"] = (p, t) =>
  zlib.inflateRawSync(p, { dictionary: dictionary1, maxOutputLength: t.length });

const candidates: Candidate[] = [
  {
    name: "format 1, one-shot deflateRawSync, level 6 (session 14)",
    encode: (t) => encodeRecordOneShot(t).subarray(HEADER),
    decode: (p, t) => decodeRecordBytesOneShot(withHeader(p, t)),
  },
  {
    name: "**format 1, reused zlib handle + reset, level 6 (now)**",
    encode: (t) => encodeRecord(t).subarray(HEADER),
    decode: (p, t) => decodeRecordBytes(withHeader(p, t)),
  },
  {
    name: "deflate-raw + dictionary 1, level 1, one-shot",
    encode: oneShotDeflate({ level: 1 }),
    decode: oneShotInflate,
  },
  {
    name: "deflate-raw + dictionary 1, level 6, Z_FIXED, one-shot",
    encode: oneShotDeflate({ level: 6, strategy: zlib.constants.Z_FIXED }),
    decode: oneShotInflate,
  },
  {
    name: "deflate-raw + dictionary 1, level 6, windowBits 14, memLevel 2, one-shot",
    encode: oneShotDeflate({ level: 6, windowBits: 14, memLevel: 2 }),
    decode: oneShotInflate,
  },
  {
    name: "deflate-raw, no dictionary, level 6, one-shot",
    encode: (t) => zlib.deflateRawSync(t),
    decode: (p) => zlib.inflateRawSync(p),
  },
  {
    name: "brotli quality 5, no dictionary (Node has no custom brotli dictionary)",
    encode: (t) => zlib.brotliCompressSync(t, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }),
    decode: (p) => zlib.brotliDecompressSync(p),
  },
];

function withHeader(payload: Uint8Array, text: Buffer): Buffer {
  const out = Buffer.allocUnsafe(HEADER + payload.length);
  out[0] = 1;
  out.writeUInt32BE(text.length, 1);
  out.set(payload, HEADER);
  return out;
}

/** A 16 KB zstd dictionary trained (zstd --train) on the same generator records as dictionary 1, or null. */
function trainZstdDictionary(): Buffer | null {
  const dir = mkdtempSync(path.join(tmpdir(), "zstd-train-"));
  try {
    mkdirSync(path.join(dir, "samples"));
    generateElastiCacheRecords(20_000, 424_242).forEach((r, i) =>
      writeFileSync(path.join(dir, "samples", `${i}.json`), JSON.stringify(r).replace(/\d{12}/g, "000000000000")),
    );
    const out = path.join(dir, "dict");
    execFileSync("zstd", ["--train", "-q", "-r", path.join(dir, "samples"), "--maxdict=16384", "-o", out], {
      stdio: "ignore",
    });
    return readFileSync(out);
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function addZstdCandidates(dir: string) {
  const require = createRequire(path.join(path.resolve(dir), "index.js"));
  const trained = trainZstdDictionary();
  const dictionaries = [
    { label: "dictionary 1 (raw)", bytes: dictionary1 },
    ...(trained ? [{ label: "trained 16 KB dictionary", bytes: trained }] : []),
  ];
  try {
    const native = require("@toondepauw/node-zstd") as {
      Encoder: new (level: number, dictionary?: Buffer) => { encodeSync(b: Buffer): Buffer };
      Decoder: new (dictionary?: Buffer) => { decodeSync(b: Buffer): Buffer };
    };
    for (const d of dictionaries)
      for (const level of [1, 3]) {
        const encoder = new native.Encoder(level, d.bytes);
        const decoder = new native.Decoder(d.bytes);
        candidates.push({
          name: `zstd native (@toondepauw/node-zstd), ${d.label}, level ${level}, digested once`,
          encode: (t) => encoder.encodeSync(t),
          decode: (p) => decoder.decodeSync(Buffer.from(p.buffer, p.byteOffset, p.byteLength)),
        });
      }
  } catch (e) {
    console.log(`(@toondepauw/node-zstd not measured: ${(e as Error).message.split("\n")[0]})`);
  }
  try {
    const wasm = require("@bokuweb/zstd-wasm") as {
      init(): Promise<void>;
      createCCtx(): number;
      createDCtx(): number;
      compressUsingDict(c: number, b: Uint8Array, d: Uint8Array, level: number): Uint8Array;
      decompressUsingDict(c: number, b: Uint8Array, d: Uint8Array): Uint8Array;
    };
    await wasm.init();
    const cctx = wasm.createCCtx();
    const dctx = wasm.createDCtx();
    for (const d of dictionaries)
      for (const level of [1, 3])
        candidates.push({
          name: `zstd WASM (@bokuweb/zstd-wasm), ${d.label}, level ${level}, dictionary loaded per record`,
          encode: (t) => wasm.compressUsingDict(cctx, t, d.bytes, level),
          decode: (p) => wasm.decompressUsingDict(dctx, p, d.bytes),
        });
  } catch (e) {
    console.log(`(@bokuweb/zstd-wasm not measured: ${(e as Error).message.split("\n")[0]})`);
  }
}

function cpuMicros(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

function measureCodec(records: Buffer[], label: string) {
  const rows: string[] = [];
  // Every candidate's rounds interleave with the others', so a load spike hits them all alike.
  const best = candidates.map(() => ({ enc: Infinity, dec: Infinity, bytes: 0 }));
  for (let round = 0; round < CODEC_ROUNDS; round++)
    candidates.forEach((c, k) => {
      const payloads: Uint8Array[] = new Array(records.length);
      const enc = cpuMicros(() => {
        for (let i = 0; i < records.length; i++) payloads[i] = c.encode(records[i]!);
      });
      const dec = cpuMicros(() => {
        for (let i = 0; i < records.length; i++) c.decode(payloads[i]!, records[i]!);
      });
      for (let i = 0; i < records.length; i++)
        if (!Buffer.from(c.decode(payloads[i]!, records[i]!)).equals(records[i]!))
          throw new Error(`${c.name}: record ${i} does not round-trip`);
      const b = best[k]!;
      b.enc = Math.min(b.enc, enc / records.length);
      b.dec = Math.min(b.dec, dec / records.length);
      b.bytes = payloads.reduce((n, p) => n + HEADER + p.length, 0) / records.length;
    });
  const text = records.reduce((n, t) => n + t.length, 0) / records.length;
  console.log(
    `\n${label}: ${records.length.toLocaleString("en-US")} records of ${text.toFixed(0)} B, best of ${CODEC_ROUNDS}\n`,
  );
  console.log("| codec | encode µs / record | decode µs / record | stored B / record (5-byte header included) |");
  console.log("|---|---:|---:|---:|");
  candidates.forEach((c, k) => {
    const b = best[k]!;
    rows.push(`| ${c.name} | ${b.enc.toFixed(1)} | ${b.dec.toFixed(1)} | ${b.bytes.toFixed(0)} |`);
  });
  console.log(rows.join("\n"));
}

function backendCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
}

async function measureCopy() {
  const server = await startEmbeddedPostgres({
    dataDir: path.resolve(".data/bench-record-store"),
    preferredPort: 54395,
  });
  const client = new pg.Client({ connectionString: server.url });
  await client.connect();
  const forms = [
    { name: "jsonb (before 2026-12)", table: "r_jsonb", column: "record jsonb", encode: null },
    {
      name: "record_data bytea, one-shot deflate (session 14)",
      table: "r_oneshot",
      column: "record_data bytea",
      encode: encodeRecordOneShot,
    },
    {
      name: "**record_data bytea, reused zlib handle (now)**",
      table: "r_reused",
      column: "record_data bytea",
      encode: encodeRecord,
    },
  ];
  try {
    const pid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    for (const f of forms) {
      await client.query(`DROP TABLE IF EXISTS ${f.table}`);
      await client.query(`CREATE TABLE ${f.table} (${f.column} NOT NULL)`);
      if (f.encode) await client.query(`ALTER TABLE ${f.table} ALTER COLUMN record_data SET STORAGE EXTERNAL`);
    }
    const results = forms.map(() => ({ node: Infinity, pg: Infinity, bytes: 0 }));
    for (let round = 0; round < ROUNDS; round++)
      for (const [k, f] of forms.entries()) {
        await client.query(`TRUNCATE ${f.table}`);
        const cpu = process.cpuUsage();
        const rows = new BinaryCopyRows(1, count * (f.encode ? 512 : 2048));
        for (const t of texts) {
          if (f.encode) rows.row().bytea(f.encode(t));
          else rows.row().jsonb(t);
        }
        const payload = rows.finish();
        const used = process.cpuUsage(cpu);
        const before = backendCpuMs(pid);
        await pipeline(Readable.from([payload]), client.query(copyFrom(`COPY ${f.table} FROM STDIN (FORMAT binary)`)));
        const pgMs = backendCpuMs(pid) - before;
        const size = await client.query<{ n: string }>(`SELECT pg_total_relation_size('${f.table}') AS n`);
        const r = results[k]!;
        r.node = Math.min(r.node, (used.user + used.system) / count);
        r.pg = Math.min(r.pg, (pgMs * 1000) / count);
        r.bytes = Number(size.rows[0]!.n) / count;
      }
    console.log(`\nCOPY of ${count.toLocaleString("en-US")} generated records, best of ${ROUNDS}:\n`);
    console.log(
      "| record stored as | Node CPU µs / record (COPY row built) | PostgreSQL CPU µs / record (COPY) | table B / record |",
    );
    console.log("|---|---:|---:|---:|");
    forms.forEach((f, k) => {
      const r = results[k]!;
      console.log(`| ${f.name} | ${r.node.toFixed(0)} | ${r.pg.toFixed(0)} | ${r.bytes.toFixed(0)} |`);
    });
  } finally {
    await client.end();
    await server.release();
  }
}

if (candidatesDir) await addZstdCandidates(candidatesDir);
measureCodec(texts.slice(0, Math.min(texts.length, 5_000)), "Generated ElastiCache records (tools/corpus, seed 4242)");
// The fixture set is small: measured 100 times over, so that a round is long enough to time.
measureCodec(
  Array.from({ length: 100 }, () => fixtures).flat(),
  "Fixture records (tests/fixtures/seed + lifecycle records)",
);
if (!process.argv.includes("--codec-only")) await measureCopy();
