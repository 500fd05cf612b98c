import { readFile } from "node:fs/promises";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as detailRoute } from "@/app/api/ingestions/[runId]/route";
import { GET as listRoute } from "@/app/api/ingestions/route";
import { problemBodySchema } from "@/lib/api/problem";
import { setClientForTests } from "@/lib/db/client";
import { ingestFile } from "@/lib/ingest/ingest-file";
import { finishRun, startRun } from "@/lib/ingest/runs";
import { runDetailSchema, runListSchema } from "@/lib/run-history/schemas";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { authHeaders } from "../helpers/routes";

// GET /api/ingestions and /api/ingestions/:runId through their route modules, on runs made the
// way the CLI, the API and an interrupted upload make them.

let t: TestDatabase;
type Route = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const runs: Record<string, string> = {};

async function* bytes(content: string | Buffer) {
  yield typeof content === "string" ? new TextEncoder().encode(content) : new Uint8Array(content);
}

beforeAll(async () => {
  t = await createTestDatabase();
  setClientForTests(t.prisma);

  // A CLI run of the guide's three records: one cache cluster, changed twice.
  const cli = await startRun(t.prisma, { kind: "cli", name: "command line" });
  const seeds = ["create-cache-cluster", "describe-cache-clusters", "modify-cache-cluster"];
  const summaries = [];
  for (const name of seeds) {
    summaries.push(
      await ingestFile(t.prisma, cli, {
        name: `${name}.json`,
        content: bytes(await readFile(`tests/fixtures/seed/${name}.json`)),
      }),
    );
  }
  summaries.push(await ingestFile(t.prisma, cli, { name: "notes.txt", content: bytes("hello, not JSON") }));
  await finishRun(t.prisma, cli, summaries);
  runs.cli = cli.runId.toString();

  // An API run that ended with a file still pending (the server stopped mid-file).
  const api = await startRun(t.prisma, { kind: "api", name: "HTTP API" });
  await t.prisma.ingestFile.create({ data: { runId: api.runId, name: "half.json.gz", outcome: "pending" } });
  await t.prisma.ingestRun.update({
    where: { id: api.runId },
    data: { status: "aborted", finishedAt: new Date(), fileCount: 1 },
  });
  runs.aborted = api.runId.toString();

  // A run still going.
  const running = await startRun(t.prisma, { kind: "upload", name: "browser upload" });
  await t.prisma.ingestFile.create({ data: { runId: running.runId, name: "big.json", outcome: "pending" } });
  runs.running = running.runId.toString();
});
afterAll(async () => {
  await t.drop();
});

async function get(route: Route, path: string, params: Record<string, string> = {}) {
  const request = new NextRequest(`http://localhost${path}`, { headers: await authHeaders("viewer") });
  const response = await route(request, { params: Promise.resolve(params) });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe("GET /api/ingestions", () => {
  it("lists every run newest first, with who, counts and duration", async () => {
    const { status, body } = await get(listRoute, "/api/ingestions");
    expect(status).toBe(200);
    const list = runListSchema.parse(body);
    expect(list.runs.map((r) => r.id)).toEqual([runs.running, runs.aborted, runs.cli]);
    expect(list.nextBefore).toBeNull();
    const cli = list.runs[2]!;
    expect(cli).toMatchObject({
      status: "partial",
      source: { kind: "cli", name: "command line" },
      triggeredBy: null,
      fileCount: 4,
      stored: 3,
      failedFiles: 1,
      notIngestedFiles: 0,
    });
    expect(cli.durationMs).toBe(Date.parse(cli.finishedAt!) - Date.parse(cli.startedAt));
    expect(list.runs[1]).toMatchObject({ status: "aborted", failedFiles: 0, notIngestedFiles: 1 });
    expect(list.runs[0]).toMatchObject({ status: "running", finishedAt: null, durationMs: null });
  });

  it("filters by source and status and pages with a cursor", async () => {
    const bySource = runListSchema.parse((await get(listRoute, "/api/ingestions?source=cli")).body);
    expect(bySource.runs.map((r) => r.id)).toEqual([runs.cli]);
    const byStatus = runListSchema.parse((await get(listRoute, "/api/ingestions?status=aborted")).body);
    expect(byStatus.runs.map((r) => r.id)).toEqual([runs.aborted]);

    const first = runListSchema.parse((await get(listRoute, "/api/ingestions?limit=2")).body);
    expect(first.runs).toHaveLength(2);
    expect(first.nextBefore).toBe(runs.aborted);
    const second = runListSchema.parse(
      (await get(listRoute, `/api/ingestions?limit=2&before=${first.nextBefore}`)).body,
    );
    expect(second.runs.map((r) => r.id)).toEqual([runs.cli]);
    expect(second.nextBefore).toBeNull();
  });

  it("answers 400 for an invalid filter", async () => {
    const { status, body } = await get(listRoute, "/api/ingestions?status=done&limit=1000");
    expect(status).toBe(400);
    expect(body).toEqual({
      error: {
        status: 400,
        message: expect.stringMatching(/^Invalid query: status: .*; limit: /),
        requestId: expect.any(String),
      },
    });
  });

  it.each([
    ["?source=ftp", "source"],
    ["?before=abc", "before"],
    ["?limit=0", "limit"],
    ["?limit=ten", "limit"],
    ["?status=failed&status=partial", "status"],
  ])("answers 400 naming the parameter for %s", async (search, parameter) => {
    const { status, body } = await get(listRoute, `/api/ingestions${search}`);
    expect(status).toBe(400);
    expect(problemBodySchema.parse(body).error.message).toMatch(new RegExp(`^Invalid query: ${parameter}: `));
  });

  it("answers 400 for a parameter it does not know, rather than listing every run", async () => {
    const { status, body } = await get(listRoute, "/api/ingestions?stauts=failed");
    expect(status).toBe(400);
    expect(body).toEqual({
      error: { status: 400, message: 'Invalid query: Unrecognized key: "stauts"', requestId: expect.any(String) },
    });
  });
});

describe("GET /api/ingestions/:runId", () => {
  it("drills down to each file, its error and what the run changed", async () => {
    const { status, body } = await get(detailRoute, `/api/ingestions/${runs.cli}`, { runId: runs.cli! });
    expect(status).toBe(200);
    const detail = runDetailSchema.parse(body);
    expect(detail.files.map((f) => [f.name, f.outcome])).toEqual([
      ["create-cache-cluster.json", "ok"],
      ["describe-cache-clusters.json", "ok"],
      ["modify-cache-cluster.json", "ok"],
      ["notes.txt", "failed"],
    ]);
    expect(detail.files[3]!.error).toMatch(/^not JSON: the file starts with "hello, not JSON"/);
    expect(detail.outcomes).toEqual({ ok: 3, failed: 1 });
    expect(detail.changedResources).toEqual([
      {
        accountId: "123456789012",
        region: "us-west-2",
        kind: "cache-cluster",
        resourceId: "test-memcached",
        changes: 2,
        events: 2,
      },
    ]);
    // The create call also names its parameter group: touched, not changed.
    expect(detail.touchedResources).toBe(2);
  });

  it("shows a file left pending as not ingested once its run has ended, in progress while it runs", async () => {
    const aborted = runDetailSchema.parse(
      (await get(detailRoute, `/api/ingestions/${runs.aborted}`, { runId: runs.aborted! })).body,
    );
    expect(aborted.files[0]).toMatchObject({
      name: "half.json.gz",
      outcome: "not-ingested",
      error: "the run ended before this file was finished",
    });
    expect(aborted.outcomes).toEqual({ "not-ingested": 1 });
    const running = runDetailSchema.parse(
      (await get(detailRoute, `/api/ingestions/${runs.running}`, { runId: runs.running! })).body,
    );
    expect(running.files[0]).toMatchObject({ outcome: "in-progress", error: null });
  });

  it("lists only the files with problems, a page at a time", async () => {
    const problems = runDetailSchema.parse(
      (await get(detailRoute, `/api/ingestions/${runs.cli}?files=problems`, { runId: runs.cli! })).body,
    );
    expect(problems.files.map((f) => f.name)).toEqual(["notes.txt"]);
    const page = runDetailSchema.parse(
      (await get(detailRoute, `/api/ingestions/${runs.cli}?limit=3`, { runId: runs.cli! })).body,
    );
    expect(page.files).toHaveLength(3);
    const next = runDetailSchema.parse(
      (await get(detailRoute, `/api/ingestions/${runs.cli}?limit=3&after=${page.nextFilesAfter}`, { runId: runs.cli! }))
        .body,
    );
    expect(next.files.map((f) => f.name)).toEqual(["notes.txt"]);
    expect(next.nextFilesAfter).toBeNull();
  });

  it.each([
    ["?files=some", "files"],
    ["?after=x1", "after"],
    ["?limit=501", "limit"],
  ])("answers 400 naming the parameter for %s", async (search, parameter) => {
    const { status, body } = await get(detailRoute, `/api/ingestions/${runs.cli}${search}`, { runId: runs.cli! });
    expect(status).toBe(400);
    expect(problemBodySchema.parse(body).error.message).toMatch(new RegExp(`^Invalid query: ${parameter}: `));
  });

  it("answers 400 for a parameter it does not know", async () => {
    const { status, body } = await get(detailRoute, `/api/ingestions/${runs.cli}?file=problems`, { runId: runs.cli! });
    expect(status).toBe(400);
    expect(body).toEqual({
      error: { status: 400, message: 'Invalid query: Unrecognized key: "file"', requestId: expect.any(String) },
    });
  });

  it("answers 404 for an unknown run and 400 for an id that is not one", async () => {
    expect((await get(detailRoute, "/api/ingestions/999999", { runId: "999999" })).status).toBe(404);
    const bad = await get(detailRoute, "/api/ingestions/abc", { runId: "abc" });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: { status: 400, message: expect.stringMatching(/^Invalid path: runId/), requestId: expect.any(String) },
    });
  });
});
