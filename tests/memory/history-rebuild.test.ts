import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { at, modifyRecord } from "@/tests/fixtures/event-records";
import { storeRecords } from "@/tests/fixtures/store-records";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// A resource page and the sweeper rebuild a resource's history from every write's request and response. They
// read and fold those records a page of at most 8 MiB of record text at a time (lib/resources/resource-state.ts,
// foldRecords), never all at once: a cluster with 300 writes of 1 MB each (300 MB of records) is rebuilt by a
// process with a 128 MB V8 heap whose peak RSS stays under 300 MB (measured 2026-12-05: 146 MiB at start,
// 207 MiB peak). The rebuild as it was (every page gathered, then folded) runs out of that heap.

const RECORDS = 300;
const RECORD_BYTES = 1_000_000;
const MiB = 1024 ** 2;
const HEAP_MB = 128;
const CLUSTER = "history-heavy";
// Where tests/fixtures/event-records.ts puts its records.
const ACCOUNT = "111122223333";
const REGION = "us-east-1";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  const filler = "abcdefghij0123456789".repeat(Math.ceil(RECORD_BYTES / 20));
  for (let from = 0; from < RECORDS; from += 10) {
    const batch = [];
    for (let i = from; i < Math.min(RECORDS, from + 10); i++) {
      const record = modifyRecord(CLUSTER, { eventID: `heavy-${i}`, eventTime: at(i) });
      // Varied text, so that compression along the way does not make the records small.
      const notes = `${i}:${filler}`.slice(0, RECORD_BYTES - 2_000);
      batch.push({ ...record, requestParameters: { ...(record.requestParameters as object), notes } });
    }
    await storeRecords(t.prisma, batch);
  }
}, 600_000);
afterAll(async () => {
  await t.drop();
});

it(`rebuilds a history of ${RECORDS} records of 1 MB with peak RSS under 300 MB`, async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      // As the CLI does (package.json): a heap budget, so V8 collects early. Holding every record at once
      // (300 MB of text) cannot fit in it; a page at a time does.
      `--max-old-space-size=${HEAP_MB}`,
      "--conditions=react-server",
      "--import",
      "tsx",
      "tests/memory/helpers/rebuild-history.ts",
      ACCOUNT,
      REGION,
      "cache-cluster",
      CLUSTER,
    ],
    { env: { ...process.env, DATABASE_URL: t.url }, maxBuffer: 16 * MiB },
  );
  const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as {
    steps: number;
    startRssBytes: number;
    peakRssBytes: number;
  };
  console.log(
    `history rebuild, ${RECORDS} records of 1 MB: start ${(result.startRssBytes / MiB).toFixed(0)} MiB, ` +
      `peak ${(result.peakRssBytes / MiB).toFixed(0)} MiB`,
  );
  expect(result.steps).toBe(RECORDS);
  expect(result.peakRssBytes).toBeLessThan(300 * MiB);
});
