import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as syncRoute } from "@/app/api/sources/[id]/sync/route";
import { GET as runRoute } from "@/app/api/ingestions/[runId]/route";
import { setClientForTests } from "@/lib/db/client";
import { S3Jobs } from "@/lib/jobs/s3-jobs";
import { jobQueue } from "@/lib/jobs/sender";
import { QUEUES, syncJobSchema, type SyncJob } from "@/lib/jobs/queues";
import { runDetailSchema } from "@/lib/run-history/schemas";
import { createSource } from "@/lib/sources/sources";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { call } from "../helpers/routes";

// Who started each S3 sync, on its run (ingest_run.triggered_by, shown on /ingestions and the run
// page): "Sync now" records the admin (or their token) who pressed it, a scheduled sync "schedule".
// The bucket is unreachable on purpose: the run is opened (and recorded) before anything is listed.

let t: TestDatabase;
let sourceId: bigint;

beforeAll(async () => {
  t = await createTestDatabase();
  setClientForTests(t.prisma);
  sourceId = await createSource(
    t.prisma,
    {
      name: "unreachable",
      bucket: "trail",
      prefix: "",
      region: "us-east-1",
      endpoint: "http://127.0.0.1:9",
      forcePathStyle: true,
      accounts: [],
      awsRegions: [],
      startDate: "2026-12-01",
      intervalMinutes: 5,
      paused: false,
      credentials: { mode: "default" },
      roleArn: null,
    },
    undefined,
  );
}, 60_000);
afterAll(async () => {
  const boss = await jobQueue(t.prisma);
  await boss.stop({ graceful: false, close: false });
  await t.drop();
});

async function syncJobs(): Promise<SyncJob[]> {
  const boss = await jobQueue(t.prisma);
  const { rows } = await boss
    .getDb()
    .executeSql(`SELECT data FROM pgboss.job WHERE name = $1 ORDER BY created_on`, [QUEUES.s3Sync]);
  return (rows as { data: unknown }[]).map((r) => syncJobSchema.parse(r.data));
}

async function runOf(job: SyncJob) {
  const jobs = new S3Jobs(
    t.prisma,
    await jobQueue(t.prisma),
    { leaseSeconds: 5, retries: 0, retryDelaySeconds: 1, secretKey: undefined, ingest: {} },
    "test-worker",
  );
  const before = await t.prisma.ingestRun.aggregate({ _max: { id: true } });
  await jobs.sync(job);
  return t.prisma.ingestRun.findFirstOrThrow({ where: { id: { gt: before._max.id ?? 0n } }, orderBy: { id: "desc" } });
}

describe("who started a sync", () => {
  it("Sync now records the admin's token on the job, and the worker's run records it", async () => {
    const response = await call(syncRoute, "POST", `/api/sources/${sourceId}/sync`, { id: String(sourceId) });
    expect(response.status).toBe(202);
    const [job] = await syncJobs();
    expect(job).toEqual({
      sourceId: String(sourceId),
      trigger: "manual",
      requestedBy: 'test-admin@cachetrail.test (token "tests")',
    });

    const run = await runOf(job!);
    expect(run.triggeredBy).toBe('test-admin@cachetrail.test (token "tests")');
    // The run page reads it from the API.
    const detail = runDetailSchema.parse(
      await (await call(runRoute, "GET", `/api/ingestions/${run.id}`, { runId: String(run.id) })).json(),
    );
    expect(detail.run.triggeredBy).toBe('test-admin@cachetrail.test (token "tests")');
  }, 60_000);

  it("a scheduled sync records the schedule", async () => {
    const run = await runOf({ sourceId: String(sourceId), trigger: "schedule" });
    expect(run.triggeredBy).toBe("schedule");
  }, 60_000);
});
