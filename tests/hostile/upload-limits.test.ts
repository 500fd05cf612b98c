import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as progressRoute } from "@/app/api/ingest/progress/[uploadId]/route";
import { POST } from "@/app/api/ingest/route";
import { ingestSlotUse } from "@/lib/api/ingest/ingest-slots";
import { setClientForTests } from "@/lib/db/client";
import { setUploadLimitsForTests, type UploadLimits } from "@/lib/ingest/upload-limits";
import { testRecord } from "@/tests/fixtures/event-records";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { until } from "../faults/helpers/processes";
import { get, send } from "../helpers/routes";

// The limits of one upload request, each with a clear answer, and everything valid before the
// limit stored: a gzip bomb, a request's decompressed total, 200,000 parts, uploads beyond the
// server's concurrency, and a progress id another upload already uses.

const LIMITS: UploadLimits = {
  maxFileBytes: 64 * 1024 ** 2,
  maxDecompressedBytes: 32 * 1024 ** 2,
  maxRecordBytes: 1024 ** 2,
  maxParts: 10_000,
  maxRequestDecompressedBytes: 1024 ** 3,
  maxConcurrent: 4,
  queueWaitSeconds: 30,
};

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  setClientForTests(t.prisma);
  setUploadLimitsForTests(LIMITS);
});
afterAll(async () => {
  setUploadLimitsForTests(null);
  await t.drop();
});

async function withLimits<T>(limits: Partial<UploadLimits>, test: () => Promise<T>): Promise<T> {
  setUploadLimitsForTests({ ...LIMITS, ...limits });
  try {
    return await test();
  } finally {
    setUploadLimitsForTests(LIMITS);
  }
}

/** A body that arrives in pieces; `hold` (if given) is awaited before the last piece. */
function bodyOf(pieces: Uint8Array[], hold?: Promise<void>): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    async pull(controller) {
      if (hold && i === pieces.length - 1) await hold;
      const piece = pieces[i++];
      if (piece) controller.enqueue(piece);
      else controller.close();
    },
  });
}

function post(body: ReadableStream<Uint8Array>, contentType: string, query = "") {
  return send(POST, `/api/ingest${query}`, {
    method: "POST",
    body,
    headers: { "content-type": contentType },
    duplex: "half",
  } as Parameters<typeof send>[2]);
}

const BOUNDARY = "----hostile-boundary";
function multipart(files: { name: string; content: string | Uint8Array }[]): Uint8Array[] {
  const enc = new TextEncoder();
  const pieces: Uint8Array[] = [];
  for (const f of files) {
    pieces.push(
      enc.encode(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\n\r\n`),
      typeof f.content === "string" ? enc.encode(f.content) : f.content,
      enc.encode("\r\n"),
    );
  }
  pieces.push(enc.encode(`--${BOUNDARY}--\r\n`));
  // As it arrives over a socket: 64 KiB at a time, whatever the parts.
  const whole = Buffer.concat(pieces);
  return Array.from({ length: Math.ceil(whole.length / 65536) }, (_, i) => whole.subarray(i * 65536, (i + 1) * 65536));
}
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

const trail = (...ids: string[]) => JSON.stringify({ Records: ids.map((eventID) => testRecord({ eventID })) });

async function eventCount(prefix: string): Promise<number> {
  return t.prisma.event.count({ where: { eventId: { startsWith: prefix } } });
}

interface FileAnswer {
  name: string;
  outcome: string;
  stored: number;
  errorCode: string | null;
  error: string | null;
}
interface Answer {
  error?: { status: number; message: string };
  status: string;
  runId: string;
  files: FileAnswer[];
}

describe("decompression", () => {
  it("stops a 10 GB gzip bomb at the limit, fast, keeping the record before it", async () => {
    // Concatenated gzip members: one record, then 10,240 members of 1 MiB of spaces (valid
    // JSON whitespace between records, ~1 KB each compressed), then the end of the file.
    const record = JSON.stringify(testRecord({ eventID: "bomb-1" }));
    const spaces = gzipSync(Buffer.alloc(1024 ** 2, 0x20), { level: 9 });
    const pieces = [
      gzipSync(`{"Records":[${record}`),
      ...Array.from({ length: 10_240 }, () => spaces),
      gzipSync(`,${JSON.stringify(testRecord({ eventID: "bomb-2" }))}]}`),
    ];
    const compressed = pieces.reduce((n, p) => n + p.length, 0);
    expect(compressed).toBeGreaterThan(9 * 1024 ** 2);
    expect(compressed).toBeLessThan(12 * 1024 ** 2);
    const started = Date.now();
    const response = await post(bodyOf(pieces), "application/gzip", "?name=bomb.json.gz");
    const body = (await response.json()) as Answer;
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(body.files).toHaveLength(1);
    expect(body.files[0]).toMatchObject({
      outcome: "partial",
      stored: 1,
      errorCode: "too-large",
      error: expect.stringMatching(/^decompressed size exceeds the 32 MiB limit \(a gzip bomb\?\)/),
    });
    expect(await eventCount("bomb-")).toBe(1);
  });

  it("counts the decompressed bytes of all the files of a request against one budget", async () => {
    const padded = (id: string) => `${" ".repeat(1024 ** 2)}${trail(id)}`; // ~1 MiB each, the record last
    const files = ["budget-1", "budget-2", "budget-3"].map((id) => ({ name: `${id}.json`, content: padded(id) }));
    const body = await withLimits({ maxRequestDecompressedBytes: 2.5 * 1024 ** 2 }, async () => {
      const response = await post(bodyOf(multipart(files)), MULTIPART);
      return (await response.json()) as Answer;
    });
    expect(body.files.map((f) => [f.name, f.stored, f.errorCode])).toEqual([
      ["budget-1.json", 1, null],
      ["budget-2.json", 1, null],
      ["budget-3.json", 0, "too-large"],
    ]);
    expect(body.files[2]!.error).toMatch(
      /^the files of this request decompress to more than the 2\.5 MiB limit for one request \(INGEST_MAX_REQUEST_DECOMPRESSED_BYTES\)/,
    );
    expect(await eventCount("budget-")).toBe(2);
  });
});

describe("parts", () => {
  // A 30 MB body of 200,000 parts built and streamed by the test itself: minutes on a loaded machine.
  it("answers 413 to 200,000 parts, after ingesting the ones within the limit", { timeout: 600_000 }, async () => {
    const files = Array.from({ length: 200_000 }, (_, i) => ({ name: `p${i}.json`, content: trail(`part-${i}`) }));
    const response = await withLimits({ maxParts: 25 }, () => post(bodyOf(multipart(files)), MULTIPART));
    const body = (await response.json()) as Answer;
    expect(response.status).toBe(413);
    expect(body.error?.message).toBe(
      "The request has more than 25 files in one request (INGEST_MAX_PARTS): the files before the limit were " +
        "ingested; send the rest in another request.",
    );
    expect(body.files).toHaveLength(25);
    expect(body.files.every((f) => f.outcome === "ok" && f.stored === 1)).toBe(true);
    expect(await eventCount("part-")).toBe(25);
    const run = await t.prisma.ingestRun.findUniqueOrThrow({ where: { id: BigInt(body.runId) } });
    expect(run.status).not.toBe("running");
    expect(run.error).toMatch(/^more than 25 files in one request/);
  });
});

describe("concurrent ingests", () => {
  it("answers 429 with Retry-After when the server is busy and waiting is off; the busy upload completes", async () => {
    await withLimits({ maxConcurrent: 1, queueWaitSeconds: 0 }, async () => {
      let finish!: () => void;
      const held = new Promise<void>((resolve) => (finish = resolve));
      const first = post(bodyOf(multipart([{ name: "slow.json", content: trail("busy-1") }]), held), MULTIPART);
      await until(() => ingestSlotUse().active === 1, "the first upload to hold its slot");
      const second = await post(bodyOf(multipart([{ name: "b.json", content: trail("busy-2") }])), MULTIPART);
      expect(second.status).toBe(429);
      expect(second.headers.get("retry-after")).toBe("10");
      expect(((await second.json()) as Answer).error?.message).toBe(
        "The server is already ingesting 1 uploads (INGEST_MAX_CONCURRENT): try again shortly.",
      );
      finish();
      expect((await first).status).toBe(200);
      const third = await post(bodyOf(multipart([{ name: "c.json", content: trail("busy-3") }])), MULTIPART);
      expect(third.status).toBe(200);
    });
    expect(await eventCount("busy-")).toBe(2);
  });

  it("lets excess uploads wait their turn, in order", async () => {
    await withLimits({ maxConcurrent: 1, queueWaitSeconds: 30 }, async () => {
      let finish!: () => void;
      const held = new Promise<void>((resolve) => (finish = resolve));
      const order: string[] = [];
      const first = post(bodyOf(multipart([{ name: "a.json", content: trail("queue-1") }]), held), MULTIPART).then(
        (r) => (order.push("first"), r),
      );
      await until(() => ingestSlotUse().active === 1, "the first upload to hold its slot");
      const second = post(bodyOf(multipart([{ name: "b.json", content: trail("queue-2") }])), MULTIPART).then(
        (r) => (order.push("second"), r),
      );
      await until(() => ingestSlotUse().waiting === 1, "the second upload to wait its turn");
      expect(order).toEqual([]);
      finish();
      expect([(await first).status, (await second).status]).toEqual([200, 200]);
      expect(order).toEqual(["first", "second"]);
    });
    expect(await eventCount("queue-")).toBe(2);
  });
});

describe("progress ids", () => {
  it("refuses an ?upload= id another upload holds; its progress is left alone", async () => {
    const first = await post(
      bodyOf(multipart([{ name: "a.json", content: trail("uid-1") }])),
      MULTIPART,
      "?upload=shared-id-1",
    );
    expect(first.status).toBe(200);
    const before = await (
      await get(progressRoute, "/api/ingest/progress/shared-id-1", { uploadId: "shared-id-1" })
    ).json();
    const second = await post(
      bodyOf(multipart([{ name: "b.json", content: trail("uid-2") }])),
      MULTIPART,
      "?upload=shared-id-1",
    );
    expect(second.status).toBe(409);
    expect(((await second.json()) as Answer).error?.message).toBe(
      'The upload id "shared-id-1" is already in use: choose another (?upload=).',
    );
    const after = await (
      await get(progressRoute, "/api/ingest/progress/shared-id-1", { uploadId: "shared-id-1" })
    ).json();
    expect(after).toEqual(before);
    expect(await eventCount("uid-")).toBe(1);
  });
});
