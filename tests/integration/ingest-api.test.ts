import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as progressRoute } from "@/app/api/ingest/progress/[uploadId]/route";
import { POST } from "@/app/api/ingest/route";
import { generateElastiCacheRecords } from "@/tools/corpus";
import type { ProblemBody } from "@/lib/api/problem";
import { setClientForTests } from "@/lib/db/client";
import { env } from "@/lib/env";
import { formatSize } from "@/lib/format/numbers";
import { setUploadLimitsForTests, uploadLimits, type UploadLimits } from "@/lib/ingest/upload-limits";
import {
  liveUploadSnapshotSchema,
  uploadEventSchema,
  uploadResultSchema,
  type UploadEvent,
  type UploadResult,
} from "@/lib/ingest/upload-schemas";
import { eventIdsWhere } from "@/lib/events/event-id";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { authHeaders } from "../helpers/routes";
import { otherServiceRecords } from "../fixtures/event-records";

// POST /api/ingest through its real route module (apiRoute + busboy + the engine) with real
// streaming request bodies, against a database of its own. The limits are small enough for
// tests to cross; a few tests lower them further with withLimits.

let t: TestDatabase;
/** An uploader's API token: uploads are signed in (tests/integration/auth-*.test.ts test refusals). */
let auth: Record<string, string>;
const testLimits: UploadLimits = {
  maxFileBytes: 64 * 1024 ** 2,
  maxDecompressedBytes: 256 * 1024 ** 2,
  maxRecordBytes: 1024 ** 2,
  maxParts: 10_000,
  maxRequestDecompressedBytes: 1024 ** 3,
  maxConcurrent: 4,
  queueWaitSeconds: 30,
};

beforeAll(async () => {
  t = await createTestDatabase();
  setClientForTests(t.prisma);
  setUploadLimitsForTests(testLimits);
  auth = await authHeaders("uploader");
});
afterAll(async () => {
  await t.drop();
});

async function withLimits(limits: Partial<UploadLimits>, test: () => Promise<void>): Promise<void> {
  setUploadLimitsForTests({ ...testLimits, ...limits });
  try {
    await test();
  } finally {
    setUploadLimitsForTests(testLimits);
  }
}

// ---- request builders -------------------------------------------------------------------------

type Part = { name: string; content: Uint8Array | string; type?: string };
const BOUNDARY = "----cachetrail-test-boundary";

/** A multipart body as a stream of small chunks, the way it arrives over a socket. */
function multipartChunks(parts: Part[]): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  const text = (s: string) => pieces.push(new TextEncoder().encode(s));
  for (const part of parts) {
    text(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${part.name}"\r\n`);
    text(`Content-Type: ${part.type ?? "application/octet-stream"}\r\n\r\n`);
    pieces.push(typeof part.content === "string" ? new TextEncoder().encode(part.content) : part.content);
    text("\r\n");
  }
  text(`--${BOUNDARY}--\r\n`);
  return split(pieces, 16 * 1024);
}

function split(pieces: Uint8Array[], size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const p of pieces) for (let i = 0; i < p.length; i += size) out.push(p.subarray(i, i + size));
  return out;
}

function streamOf(
  chunks: Uint8Array[],
  options: { failAfter?: number; stallAfter?: number } = {},
): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    async pull(controller) {
      if (options.failAfter !== undefined && i >= options.failAfter) return controller.error(new Error("aborted"));
      if (options.stallAfter !== undefined && i >= options.stallAfter) return new Promise(() => {});
      const chunk = chunks[i++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
  });
}

function request(
  body: ReadableStream<Uint8Array> | null,
  headers: Record<string, string>,
  query = "",
  signal?: AbortSignal,
) {
  // duplex "half": a streamed request body (undici requires it; the DOM typings lack it).
  const init = {
    method: "POST",
    body,
    headers: { ...auth, ...headers },
    signal,
    duplex: "half",
  } as ConstructorParameters<typeof NextRequest>[1];
  return new NextRequest(`http://localhost/api/ingest${query}`, init);
}

type Answer = UploadResult & ProblemBody;

async function post(
  body: ReadableStream<Uint8Array> | null,
  headers: Record<string, string>,
  query = "",
  signal?: AbortSignal,
) {
  const response = await POST(request(body, headers, query, signal), { params: Promise.resolve({}) });
  // Loosely typed on purpose: the tests look into error and summary bodies alike.
  return { status: response.status, body: (await response.json()) as Answer, response };
}

const postMultipart = (parts: Part[], extra: Record<string, string> = {}) =>
  post(streamOf(multipartChunks(parts)), { "content-type": `multipart/form-data; boundary=${BOUNDARY}`, ...extra });

const postRaw = (bytes: Uint8Array | string, type: string, query = "") => {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  return post(streamOf(split([data], 16 * 1024)), { "content-type": type }, query);
};

async function progress(uploadId: string): Promise<unknown> {
  const response = await progressRoute(
    new NextRequest(`http://localhost/api/ingest/progress/${uploadId}`, { headers: auth }),
    {
      params: Promise.resolve({ uploadId }),
    },
  );
  return response.json();
}

// ---- fixtures ---------------------------------------------------------------------------------

const SEED = ["create-cache-cluster", "describe-cache-clusters", "modify-cache-cluster"].map(
  (n) => `tests/fixtures/seed/${n}.json`,
);
const seedFiles = () =>
  Promise.all(
    SEED.map(async (path) => ({ name: path.split("/").pop()!, content: new Uint8Array(await readFile(path)) })),
  );

/** A CloudTrail log file as S3 delivers it: {"Records":[…]}, gzipped, ElastiCache among other services. */
function trail(records: unknown[], noise = 0): Uint8Array {
  const others = otherServiceRecords(noise);
  return gzipSync(JSON.stringify({ Records: [...records, ...others] }));
}

const records = (count: number, seed: number) => generateElastiCacheRecords(count, seed);

async function runRow(runId: string) {
  return t.prisma.ingestRun.findUniqueOrThrow({
    where: { id: BigInt(runId) },
    include: { files: { orderBy: { id: "asc" } }, source: true },
  });
}

// ---- tests ------------------------------------------------------------------------------------

describe("raw bodies", () => {
  it("ingest one record sent as application/json, as a run of the HTTP API source", async () => {
    const [seed] = await seedFiles();
    const { status, body } = await postRaw(seed!.content, "application/json", "?name=create.json");
    expect(status).toBe(200);
    const result = uploadResultSchema.parse(body);
    expect(result.status).toBe("succeeded");
    expect(result.url).toBe(`/ingestions/${result.runId}`);
    expect(result.eventsUrl).toBe(`/events?run=${result.runId}`);
    expect(result.files).toEqual([
      expect.objectContaining({ index: 0, name: "create.json", outcome: "ok", format: "single-record", stored: 1 }),
    ]);
    const run = await runRow(result.runId);
    expect(run).toMatchObject({
      status: "succeeded",
      fileCount: 1,
      stored: 1,
      triggeredBy: 'test-uploader@cachetrail.test (token "tests")',
      source: { kind: "api", name: "HTTP API" },
    });
    expect(run.finishedAt).not.toBeNull();
  });

  it("ingest a gzipped trail (detected by its bytes) and NDJSON", async () => {
    const gz = await postRaw(trail(records(40, 101), 200), "application/gzip", "?name=trail.json.gz");
    expect(gz.status).toBe(200);
    expect(gz.body.files[0]).toMatchObject({
      name: "trail.json.gz",
      format: "cloudtrail-log",
      outcome: "ok",
      stored: 40,
      skipped: 200,
    });

    const ndjson = records(5, 102)
      .map((r) => JSON.stringify(r))
      .join("\n");
    const nd = await postRaw(ndjson, "application/x-ndjson");
    expect(nd.status).toBe(200);
    expect(nd.body.files[0]).toMatchObject({ name: "request body", format: "ndjson", stored: 5 });
  });

  it("answers 422 with the file's error in plain words when nothing could be read", async () => {
    const { status, body } = await postRaw("hello, this is not JSON", "application/octet-stream", "?name=notes.txt");
    expect(status).toBe(422);
    expect(body.error).toEqual({
      status: 422,
      message: expect.stringContaining("“notes.txt” could not be ingested: not JSON"),
    });
    expect(body.files[0]).toMatchObject({ outcome: "failed", errorCode: "not-json" });
    expect((await runRow(body.runId)).status).toBe("failed");
  });
});

describe("multipart", () => {
  it("ingests every part in order; one bad file never stops the others", async () => {
    const good = trail(records(30, 201), 50);
    const truncated = good.subarray(0, Math.floor(good.length / 2));
    const parts: Part[] = [
      ...(await seedFiles()),
      { name: "AWSLogs/111122223333/CloudTrail/us-east-1/2024/01/01/trail.json.gz", content: good },
      { name: "broken.json.gz", content: truncated },
      { name: "notes.txt", content: "hello, this is not JSON" },
      { name: "pasted-records.json", content: JSON.stringify(records(2, 202)) },
    ];
    const { status, body } = await postMultipart(parts);
    expect(status).toBe(200);
    const result = uploadResultSchema.parse(body);
    expect(result.status).toBe("partial");
    expect(result.files.map((f) => [f.index, f.name, f.outcome, f.errorCode])).toEqual([
      [0, "create-cache-cluster.json", "ok", null],
      [1, "describe-cache-clusters.json", "ok", null],
      [2, "modify-cache-cluster.json", "ok", null],
      [3, "AWSLogs/111122223333/CloudTrail/us-east-1/2024/01/01/trail.json.gz", "ok", null],
      // What was readable before the cut is kept; the error says where it stopped.
      [4, "broken.json.gz", "partial", "truncated-gzip"],
      [5, "notes.txt", "failed", "not-json"],
      [6, "pasted-records.json", "ok", null],
    ]);
    expect(result.files[4]!.error).toMatch(/gzip stream is truncated/);
    expect(result.files[5]!.error).toMatch(/^not JSON: the file starts with "hello, this is/);
    expect(result.files[3]).toMatchObject({ stored: 30, skipped: 50, format: "cloudtrail-log" });
    expect(result.totals).toMatchObject({ files: 7, failedFiles: 1 });
    const run = await runRow(result.runId);
    expect(run.files.map((f) => f.outcome)).toEqual(["ok", "ok", "ok", "ok", "partial", "failed", "ok"]);
    expect(run.failedFiles).toBe(1);
  });

  it("streams NDJSON progress lines when asked, file after file, ending with the summary and the status", async () => {
    // The second file is read while the first one's last events are being stored; its lines still come after the first's.
    const response = await POST(
      request(
        streamOf(
          multipartChunks([
            { name: "a.json.gz", content: trail(records(2_500, 301)) },
            { name: "b.txt", content: "nope" },
          ]),
        ),
        {
          "content-type": `multipart/form-data; boundary=${BOUNDARY}`,
          accept: "application/x-ndjson",
        },
      ),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const events: UploadEvent[] = (await response.text())
      .trim()
      .split("\n")
      .map((line) => uploadEventSchema.parse(JSON.parse(line)));
    expect(events.map((e) => e.type).filter((type) => type !== "file-progress")).toEqual([
      "run",
      "file-start",
      "file-done",
      "file-start",
      "file-done",
      "done",
    ]);
    const fileOf = events.flatMap((e) =>
      e.type === "file-done" ? [e.file.index] : e.type === "file-start" || e.type === "file-progress" ? [e.index] : [],
    );
    expect(fileOf).toEqual([...fileOf].sort((a, b) => a - b));
    const done = events.at(-1)!;
    expect(done).toMatchObject({
      type: "done",
      httpStatus: 200,
      result: { status: "partial", totals: { stored: 2_500 } },
    });
  });

  it("answers 400, and records no run, for a form without files or a broken form", async () => {
    const runsBefore = await t.prisma.ingestRun.count();
    const empty = await post(streamOf([new TextEncoder().encode(`--${BOUNDARY}--\r\n`)]), {
      "content-type": `multipart/form-data; boundary=${BOUNDARY}`,
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/no files/);

    const garbage = await post(streamOf([new TextEncoder().encode("this is not a multipart body")]), {
      "content-type": `multipart/form-data; boundary=${BOUNDARY}`,
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.message).toMatch(/^Malformed multipart body/);

    const noBoundary = await post(streamOf([new TextEncoder().encode("x")]), { "content-type": "multipart/form-data" });
    expect(noBoundary.status).toBe(400);
    expect(noBoundary.body.error.message).toMatch(/no boundary/);
    expect(await t.prisma.ingestRun.count()).toBe(runsBefore);
  });
});

describe("request errors", () => {
  it("answers 415 for a wrong or missing content type, with what to send instead", async () => {
    const text = await post(streamOf([new TextEncoder().encode("{}")]), { "content-type": "text/plain" });
    expect(text.status).toBe(415);
    expect(text.body).toEqual({
      error: {
        status: 415,
        message: expect.stringMatching(
          /^Unsupported Content-Type text\/plain\. Send the file as one of: multipart\/form-data, application\/json/,
        ),
        requestId: expect.any(String),
      },
    });
    const curlDefault = await post(streamOf([new TextEncoder().encode("{}")]), {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(curlDefault.status).toBe(415);
    expect(curlDefault.body.error.message).toMatch(/add -H 'Content-Type: application\/json'/);
    const missing = await post(streamOf([new TextEncoder().encode("{}")]), {});
    expect(missing.status).toBe(415);
  });

  it("answers 400 for an empty body, declared or not", async () => {
    const declared = await post(streamOf([]), { "content-type": "application/json", "content-length": "0" });
    expect(declared.status).toBe(400);
    expect(declared.body.error.message).toMatch(/body is empty/);
    const streamed = await post(streamOf([]), { "content-type": "application/json" });
    expect(streamed.status).toBe(400);
    const none = await post(null, { "content-type": "application/json" });
    expect(none.status).toBe(400);
  });

  it("answers 400 for an invalid query", async () => {
    const { status, body } = await post(
      streamOf([new TextEncoder().encode("{}")]),
      { "content-type": "application/json" },
      "?source=ftp",
    );
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/^Invalid query: source/);
  });

  it.each([
    ["?name=", "name"],
    ["?upload=no", "upload"],
    ["?source=upload&source=api", "source"],
  ])("answers 400 naming the parameter for %s, without a run", async (search, parameter) => {
    const runsBefore = await t.prisma.ingestRun.count();
    const { status, body } = await post(
      streamOf([new TextEncoder().encode("{}")]),
      { "content-type": "application/json" },
      search,
    );
    expect(status).toBe(400);
    expect(body.error.message).toMatch(new RegExp(`^Invalid query: ${parameter}: `));
    expect(await t.prisma.ingestRun.count()).toBe(runsBefore);
  });

  it("answers 400 for a parameter it does not know (a misspelt name is not silently dropped)", async () => {
    const { status, body } = await post(
      streamOf([new TextEncoder().encode("{}")]),
      { "content-type": "application/json" },
      "?nmae=a.json",
    );
    expect(status).toBe(400);
    expect(body.error).toEqual({
      status: 400,
      message: 'Invalid query: Unrecognized key: "nmae"',
      requestId: expect.any(String),
    });
  });
});

describe("size limits", () => {
  it("refuses a raw body whose declared size is over the limit at once, without a run (413)", () =>
    withLimits({ maxFileBytes: 1000 }, async () => {
      const runsBefore = await t.prisma.ingestRun.count();
      const { status, body } = await post(streamOf([new Uint8Array(2000)]), {
        "content-type": "application/json",
        "content-length": "2000",
      });
      expect(status).toBe(413);
      expect(body.error.message).toBe(
        "The file is 2 KiB, larger than the 1,000 bytes limit for one file (INGEST_MAX_FILE_BYTES).",
      );
      expect(await t.prisma.ingestRun.count()).toBe(runsBefore);
    }));

  it("fails a streamed raw body that grows over the limit: 413, nothing of it stored", async () => {
    const content = JSON.stringify({ Records: records(20, 401) });
    await withLimits({ maxFileBytes: Math.floor(content.length / 2) }, async () => {
      const eventsBefore = await t.prisma.event.count();
      const { status, body } = await postRaw(content, "application/json");
      expect(status).toBe(413);
      expect(body.error.message).toMatch(/larger than the .* limit for one file/);
      expect(body.files[0]).toMatchObject({ outcome: "failed", errorCode: "too-large", stored: 0 });
      expect(await t.prisma.event.count()).toBe(eventsBefore);
      const run = await runRow(body.runId);
      expect(run.files[0]).toMatchObject({ outcome: "failed", error: expect.stringMatching(/it was not ingested$/) });
    });
  });

  it("in a multipart request, fails only the over-limit file (200); 413 when every file is over", async () => {
    const big = trail(records(400, 402));
    await withLimits({ maxFileBytes: Math.floor(big.length / 2) }, async () => {
      const small = trail(records(3, 403));
      const mixed = await postMultipart([
        { name: "big.json.gz", content: big },
        { name: "small.json.gz", content: small },
      ]);
      expect(mixed.status).toBe(200);
      expect(mixed.body.files).toEqual([
        expect.objectContaining({ name: "big.json.gz", outcome: "failed", errorCode: "too-large", stored: 0 }),
        expect.objectContaining({ name: "small.json.gz", outcome: "ok", stored: 3 }),
      ]);
      expect(mixed.body.status).toBe("partial");

      const allBig = await postMultipart([{ name: "big.json.gz", content: big }]);
      expect(allBig.status).toBe(413);
      expect(allBig.body.error.message).toMatch(/^“big\.json\.gz”: the file is larger than/);
      expect(allBig.body.files[0]).toMatchObject({ errorCode: "too-large" });
    });
  });

  it("fails a gzip whose decompressed size is over the limit (a gzip bomb) with 413", () =>
    withLimits({ maxDecompressedBytes: 64 * 1024 }, async () => {
      const bomb = gzipSync(Buffer.alloc(4 * 1024 ** 2, 0x20));
      const { status, body } = await postRaw(bomb, "application/gzip", "?name=bomb.gz");
      expect(status).toBe(413);
      expect(body.files[0]).toMatchObject({
        errorCode: "too-large",
        error: expect.stringMatching(/decompressed size exceeds the 64 KiB limit/),
      });
    }));

  it("are the environment's unless a test sets its own", () => {
    setUploadLimitsForTests(null);
    try {
      expect(uploadLimits()).toEqual({
        maxFileBytes: env.INGEST_MAX_FILE_BYTES,
        maxDecompressedBytes: env.INGEST_MAX_DECOMPRESSED_BYTES,
        maxRecordBytes: env.INGEST_MAX_RECORD_BYTES,
        maxParts: env.INGEST_MAX_PARTS,
        maxRequestDecompressedBytes: env.INGEST_MAX_REQUEST_DECOMPRESSED_BYTES,
        maxConcurrent: env.INGEST_MAX_CONCURRENT,
        queueWaitSeconds: env.INGEST_QUEUE_WAIT_SECONDS,
      });
    } finally {
      setUploadLimitsForTests(testLimits);
    }
  });
});

describe("concurrent uploads", () => {
  it("of overlapping files store each event once", async () => {
    const all = records(300, 501);
    const ids = new Set(all.map((r) => String(r.eventID)));
    const before = await t.prisma.event.count();
    const slices = [all.slice(0, 200), all.slice(100, 300), all.slice(50, 250), all];
    const answers = await Promise.all(
      slices.map((slice, i) =>
        postMultipart([
          { name: `overlap-${i}a.json.gz`, content: trail(slice.slice(0, 60)) },
          { name: `overlap-${i}b.json.gz`, content: trail(slice.slice(60), 500) },
        ]),
      ),
    );
    for (const a of answers) expect(a.status).toBe(200);
    const stored = answers.reduce((n, a) => n + (a.body.totals.stored as number), 0);
    expect(stored).toBe(ids.size);
    expect(await t.prisma.event.count()).toBe(before + ids.size);
    const rows = await t.prisma.event.groupBy({ by: ["eventId"], where: { eventId: { in: [...ids] } }, _count: true });
    expect(rows.every((r) => r._count === 1)).toBe(true);
  });
});

describe("an aborted request", () => {
  it("keeps the files that finished, records the interrupted one as not ingested and closes the run as aborted", async () => {
    const first = trail(records(12, 601));
    const secondRecords = records(200, 602);
    const second = Buffer.from(JSON.stringify({ Records: secondRecords }));
    const chunks = multipartChunks([
      { name: "finished.json.gz", content: first },
      { name: "interrupted.json", content: second },
      { name: "never-sent.json", content: "{}" },
    ]);
    // The connection fails in the middle of the second file (busboy announces a part with its first bytes).
    const cut = chunks.findIndex((c) => new TextDecoder().decode(c).includes("interrupted.json")) + 3;
    const { status, body } = await post(streamOf(chunks, { failAfter: cut }), {
      "content-type": `multipart/form-data; boundary=${BOUNDARY}`,
    });
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/^The upload was interrupted: the connection was lost after/);
    expect(body.status).toBe("aborted");
    expect(body.files.map((f) => [f.name, f.outcome])).toEqual([
      ["finished.json.gz", "ok"],
      ["interrupted.json", "not-ingested"],
    ]);

    const run = await runRow(body.runId);
    expect(run).toMatchObject({ status: "aborted", fileCount: 2, stored: 12 });
    expect(run.finishedAt).not.toBeNull();
    expect(run.error).toMatch(/connection was lost/);
    expect(run.files.map((f) => f.outcome)).toEqual(["ok", "not-ingested"]);
    expect(run.files[1]!.error).toMatch(/this file was not ingested$/);
    expect(run.files[1]!.finishedAt).not.toBeNull();
    // Nothing of the interrupted file was stored.
    expect(await t.prisma.event.count({ where: eventIdsWhere(secondRecords.map((r) => String(r.eventID))) })).toBe(0);
    expect(await t.prisma.event.count({ where: { ingestFileId: run.files[1]!.id } })).toBe(0);
  });

  it("of a raw body records the file as not ingested", async () => {
    const content = Buffer.from(JSON.stringify({ Records: records(300, 603) }));
    const chunks = split([content], 16 * 1024);
    const { status, body } = await post(
      streamOf(chunks, { failAfter: 4 }),
      { "content-type": "application/json" },
      "?name=cut.json",
    );
    expect(status).toBe(400);
    expect(body.files).toEqual([
      expect.objectContaining({ name: "cut.json", outcome: "not-ingested", errorCode: "aborted", stored: 0 }),
    ]);
    const run = await runRow(body.runId);
    expect(run).toMatchObject({ status: "aborted", stored: 0 });
    expect(run.files[0]).toMatchObject({ outcome: "not-ingested" });
  });

  it("is noticed through the request's signal while the body stalls, and the NDJSON stream still closes the run", async () => {
    const chunks = multipartChunks([
      { name: "done.json.gz", content: trail(records(4, 701)) },
      { name: "stalled.json", content: JSON.stringify({ Records: records(200, 702) }) },
    ]);
    const stall = chunks.findIndex((c) => new TextDecoder().decode(c).includes("stalled.json")) + 3;
    const client = new AbortController();
    const response = await POST(
      request(
        streamOf(chunks, { stallAfter: stall }),
        { "content-type": `multipart/form-data; boundary=${BOUNDARY}`, accept: "application/x-ndjson" },
        "?source=upload&upload=stalled-upload-1",
        client.signal,
      ),
      { params: Promise.resolve({}) },
    );
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes('"file-start","index":1')) text += (await reader.read()).value ?? "";
    const runId = (JSON.parse(text.split("\n")[0]!) as { runId: string }).runId;
    // Meanwhile the progress endpoint (what a browser polls while it sends) knows where it is.
    const during = liveUploadSnapshotSchema.parse(await progress("stalled-upload-1"));
    expect(during).toMatchObject({
      runId,
      done: null,
      files: [
        { index: 0, name: "done.json.gz", result: { outcome: "ok" } },
        { index: 1, name: "stalled.json", result: null },
      ],
    });
    client.abort();
    await reader.cancel();
    const run = await waitFor(async () => {
      const r = await runRow(runId);
      return r.finishedAt ? r : null;
    });
    expect(run).toMatchObject({ status: "aborted", source: { kind: "upload", name: "browser upload" } });
    expect(run.files.map((f) => [f.name, f.outcome])).toEqual([
      ["done.json.gz", "ok"],
      ["stalled.json", "not-ingested"],
    ]);
    const after = liveUploadSnapshotSchema.parse(
      await waitFor(async () =>
        ((await progress("stalled-upload-1")) as { done: unknown }).done ? progress("stalled-upload-1") : null,
      ),
    );
    expect(after.done).toMatchObject({ httpStatus: 400, result: { status: "aborted" } });
  });
});

describe("GET /api/ingest/progress/:uploadId", () => {
  it("reports a finished upload sent with ?upload=, and 404 for an unknown id", async () => {
    const { status } = await post(
      streamOf([new TextEncoder().encode(JSON.stringify(records(2, 801)))]),
      { "content-type": "application/json" },
      "?upload=finished-upload-1",
    );
    expect(status).toBe(200);
    const snapshot = liveUploadSnapshotSchema.parse(await progress("finished-upload-1"));
    expect(snapshot.done).toMatchObject({ httpStatus: 200, error: null, result: { totals: { stored: 2 } } });
    expect(snapshot.files).toEqual([
      expect.objectContaining({
        index: 0,
        name: "request body",
        stored: 2,
        result: expect.objectContaining({ outcome: "ok" }),
      }),
    ]);
    const unknown = await progressRoute(
      new NextRequest("http://localhost/api/ingest/progress/nobody-knows-me", { headers: auth }),
      {
        params: Promise.resolve({ uploadId: "nobody-knows-me" }),
      },
    );
    expect(unknown.status).toBe(404);
  });
});

describe("the route module", () => {
  it("refuses a body declared over the environment's limit, when no test limits are set", async () => {
    setUploadLimitsForTests(null);
    try {
      const declared = env.INGEST_MAX_FILE_BYTES + 1;
      const { status, body } = await post(streamOf([new TextEncoder().encode("{}")]), {
        "content-type": "application/json",
        "content-length": String(declared),
      });
      expect(status).toBe(413);
      expect(body.error.message).toBe(
        `The file is ${formatSize(declared)}, larger than the ${formatSize(env.INGEST_MAX_FILE_BYTES)} limit for one file ` +
          "(INGEST_MAX_FILE_BYTES).",
      );
    } finally {
      setUploadLimitsForTests(testLimits);
    }
  });
});

async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}
