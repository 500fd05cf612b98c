// Writes lib/events/record-dictionary-1.ts: the preset deflate dictionary of stored record format 1
// (lib/events/record-codec.ts). Kept for the record of how it was made: format 1's dictionary must
// never change once rows hold it, so a better dictionary is a new file and a new format byte.
// With --format 2, lib/events/record-dictionary-2.ts instead: the same records with the values
// format 2 leaves out emptied, as its deflated rest holds them (session 20: −14 B per record
// against dictionary 1 on that rest, at the same size and CPU; 24 KB would save 12 B more for ~30%
// more CPU per record).
//
// The dictionary is one record of each ElastiCache operation the corpus generator writes (two of
// the common ones), least common first so that the most common sit nearest the end (deflate
// reaches those with the shortest distances), cut to its last 16 KB. Account ids are replaced by
// zeros: a dictionary built from the generator's own accounts would flatter the benchmark, whose
// data set comes from the same generator (other seeds).
//
// Measured with this file's --measure on 2,000 records of another seed (2 cores, loaded):
//   no dictionary 887 B; 8 KB 390 B; 16 KB 352 B; 32 KB 332 B (level 6), from 1,760 B of JSON.
// 16 KB: most of the gain for about two thirds of the CPU of 32 KB (setting a dictionary costs per record).
//
//   npx tsx scripts/records/dictionary.ts [--measure] [--format 2]
import { writeFileSync } from "node:fs";
import path from "node:path";
import { deflateRawSync } from "node:zlib";
import { generateElastiCacheRecords } from "@/tools/corpus";

const SIZE = 16 * 1024;

/** Format 2's rest: the values it may leave out, emptied (the codec cuts only their exact column text). */
export const withoutColumnValues = (json: string) =>
  json.replace(/"(eventID|eventTime|sourceIPAddress|userAgent|requestID|accessKeyId)":"(?:[^"\\]|\\.)*"/g, '"$1":""');

export function buildDictionary(size = SIZE, prepare = (json: string) => json): Buffer {
  const byName = new Map<string, string[]>();
  for (const r of generateElastiCacheRecords(20_000, 424_242)) {
    const name = String(r.eventName);
    const list = byName.get(name) ?? [];
    list.push(prepare(JSON.stringify(r)));
    byName.set(name, list);
  }
  const parts: string[] = [];
  for (const [, records] of [...byName].sort((a, b) => a[1].length - b[1].length || a[0].localeCompare(b[0])))
    parts.push(records[0]!, ...(records.length > 500 ? [records[1]!] : []));
  const text = Buffer.from(parts.join("\n").replace(/\d{12}/g, "000000000000"));
  return text.subarray(Math.max(0, text.length - size));
}

function measure() {
  const test = generateElastiCacheRecords(2_000, 777, new Date(Date.UTC(2026, 5, 1))).map((r) =>
    Buffer.from(JSON.stringify(r)),
  );
  const raw = test.reduce((n, b) => n + b.length, 0) / test.length;
  console.log(`record JSON: ${raw.toFixed(0)} B on average`);
  console.log(`no dictionary: ${(test.reduce((n, b) => n + deflateRawSync(b).length, 0) / test.length).toFixed(0)} B`);
  for (const size of [8192, 16384, 32768]) {
    const dictionary = buildDictionary(size);
    for (const level of [1, 6]) {
      const cpu = process.cpuUsage();
      const bytes = test.reduce((n, b) => n + deflateRawSync(b, { dictionary, level }).length, 0);
      const used = process.cpuUsage(cpu);
      console.log(
        `${size / 1024} KB, level ${level}: ${(bytes / test.length).toFixed(0)} B, ` +
          `${((used.user + used.system) / test.length).toFixed(0)} µs CPU per record`,
      );
    }
  }
}

if (process.argv.includes("--measure")) measure();
else {
  const format = process.argv.includes("--format") ? Number(process.argv[process.argv.indexOf("--format") + 1]) : 1;
  if (format !== 1 && format !== 2) throw new Error("--format 1 or 2");
  const out = path.resolve(`lib/events/record-dictionary-${format}.ts`);
  const b64 = buildDictionary(SIZE, format === 2 ? withoutColumnValues : undefined).toString("base64");
  const lines = b64.match(/.{1,100}/g)!.map((l) => `  "${l}",`);
  writeFileSync(
    out,
    `// Stored record format ${format}'s preset deflate dictionary (16 KB, base64), written by\n` +
      `// scripts/records/dictionary.ts. NEVER EDIT: rows hold records compressed against these exact bytes.\n` +
      `export const RECORD_DICTIONARY_${format} = [\n${lines.join("\n")}\n].join("");\n`,
  );
  console.log(`wrote ${out}`);
}
