// npm run demo — a realistic month of ElastiCache activity (generated, deterministic) plus
// the ElastiCache guide's three example records, ingested like any other trail files.
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { closePrismaClient } from "@/lib/db/create-client";
import { provideClient } from "@/lib/db/provide-client";
import { dataDir, env } from "@/lib/env";
import { ingestPaths, listInputFiles } from "@/lib/ingest/ingest-paths";
import { generateElastiCacheRecords } from "@/tools/corpus";

const DAYS = 30;
const RECORDS = 8_000;
const demoDir = path.join(dataDir, "demo");

// Generated activity spread over the last month, grouped into daily trail files per
// account and region in the S3 key layout CloudTrail uses.
const options = { meanGapMs: (DAYS * 24 * 3600 * 1000) / RECORDS / 1.6 };
const generate = (start: Date) => generateElastiCacheRecords(RECORDS, 2026, start, options);
// The generated span depends on the activity it simulates; a first pass measures it, so the
// newest events are minutes old and "last 24 hours" in the explorer shows some.
const spanMs = (records: ReturnType<typeof generate>) => {
  const times = records.map((r) => Date.parse(String(r.eventTime)));
  return Math.max(...times) - Math.min(...times);
};
const trial = new Date(Date.now() - DAYS * 24 * 3600 * 1000);
const records = generate(new Date(Date.now() - spanMs(generate(trial)) - 10 * 60_000));
const files = new Map<string, unknown[]>();
for (const r of records) {
  const account = String(r.recipientAccountId ?? "000000000000");
  const region = String(r.awsRegion ?? "us-east-1");
  const day = String(r.eventTime).slice(0, 10);
  const key = path.join(
    "AWSLogs",
    account,
    "CloudTrail",
    region,
    ...day.split("-"),
    `${account}_CloudTrail_${region}_${day.replaceAll("-", "")}T2355Z_cachetraildemo.json.gz`,
  );
  if (!files.has(key)) files.set(key, []);
  files.get(key)!.push(r);
}
await rm(demoDir, { recursive: true, force: true });
for (const [key, content] of files) {
  await mkdir(path.dirname(path.join(demoDir, key)), { recursive: true });
  await writeFile(path.join(demoDir, key), gzipSync(JSON.stringify({ Records: content })));
}

const { database, prisma } = await provideClient(console.log, 4);
try {
  const { files: inputs } = await listInputFiles([demoDir, "tests/fixtures/seed"]);
  const result = await ingestPaths(prisma, inputs, { source: { kind: "cli", name: "demo" } });
  const stored = result.files.reduce((n, f) => n + f.stored, 0);
  const duplicates = result.files.reduce((n, f) => n + f.duplicates, 0);
  console.log(
    `Demo data: ${stored.toLocaleString("en-US")} new events ` +
      `(${duplicates.toLocaleString("en-US")} already there) from ${inputs.length} files.`,
  );
  console.log(
    `Open http://localhost:${env.PORT} (npm start) — e.g. /clusters/123456789012/us-west-2/cache-cluster/test-memcached`,
  );
} finally {
  await closePrismaClient(prisma);
  await database.release();
}
