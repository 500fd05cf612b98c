import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// As `npm start` preloads it into the Next.js server: every upload request is remembered for the route.
import "../../scripts/upload-body.mjs";
import { POST } from "@/app/api/ingest/route";
import { setClientForTests } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { setUploadLimitsForTests, uploadLimits } from "@/lib/ingest/upload-limits";
import { generateElastiCacheRecords } from "@/tools/corpus";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { authHeaders } from "../helpers/routes";
import { otherServiceRecords } from "../fixtures/event-records";

// A raw body read from Node's request stream (scripts/upload-body.mjs + lib/api/ingest/node-request-body.ts)
// against the web stream Next.js would otherwise hand over: the route behind a real Node HTTP server,
// its request built as Next.js builds it (the IncomingMessage as a half-duplex body).

let viaNode: TestDatabase;
let viaWeb: TestDatabase;
let server: http.Server;
let port: number;
/** Whether the route read the web stream of the last request the server handled. */
let webBodyUsed: boolean | null = null;

beforeAll(async () => {
  [viaNode, viaWeb] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  setUploadLimitsForTests({ ...uploadLimits(), maxFileBytes: 64 * 1024 ** 2 });
  server = http.createServer((req, res) => void serve(req, res));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.close();
  await Promise.all([viaNode.drop(), viaWeb.drop()]);
});

async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const client = new AbortController();
  res.on("close", () => res.writableFinished || client.abort());
  const request = new NextRequest(`http://localhost${req.url}`, {
    method: req.method,
    headers,
    body: req as unknown as ReadableStream<Uint8Array>,
    duplex: "half",
    signal: client.signal,
  } as ConstructorParameters<typeof NextRequest>[1]);
  const response = await POST(request, { params: Promise.resolve({}) });
  webBodyUsed = request.bodyUsed;
  res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "" });
  res.end(Buffer.from(await response.arrayBuffer()));
}

async function headersFor(prisma: PrismaClient): Promise<Record<string, string>> {
  setClientForTests(prisma);
  return authHeaders("uploader");
}

/** A CloudTrail file of ElastiCache records and others, ~2 MB: many socket reads. */
function trailBytes(): Uint8Array<ArrayBuffer> {
  const others = otherServiceRecords(3000, { bucketName: "b", key: "k".repeat(400) });
  return new TextEncoder().encode(JSON.stringify({ Records: [...generateElastiCacheRecords(400, 2101), ...others] }));
}

/** What a stored upload is, independent of the database's own ids and clocks. */
async function stored(prisma: PrismaClient, runId: string) {
  const run = await prisma.ingestRun.findUniqueOrThrow({
    where: { id: BigInt(runId) },
    include: { files: { select: { name: true, outcome: true, size: true, sha256: true, stored: true } } },
  });
  const events = await prisma.event.findMany({
    where: { ingestRunId: BigInt(runId) },
    orderBy: [{ eventTime: "asc" }, { eventKey: "asc" }, { eventId: "asc" }],
    select: { eventKey: true, eventId: true, eventName: true, eventTime: true, recordData: true, searchText: true },
  });
  return { status: run.status, stored: run.stored, files: run.files, events };
}

describe("a raw body read from Node's request stream", () => {
  it("stores exactly the events, bytes and hashes the web stream stores, without reading the web stream", async () => {
    const body = trailBytes();
    const auth = await headersFor(viaNode.prisma);
    const response = await fetch(`http://127.0.0.1:${port}/api/ingest?name=trail.json`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body,
    });
    expect(response.status).toBe(200);
    expect(webBodyUsed).toBe(false);
    const overNode = await stored(viaNode.prisma, ((await response.json()) as { runId: string }).runId);

    // The same file as a web stream (what the route reads without the preload), into a database of its own.
    const webAuth = await headersFor(viaWeb.prisma);
    const web = await POST(
      new NextRequest("http://localhost/api/ingest?name=trail.json", {
        method: "POST",
        headers: { ...webAuth, "content-type": "application/json" },
        body: new Blob([body]).stream(),
        duplex: "half",
      } as ConstructorParameters<typeof NextRequest>[1]),
      { params: Promise.resolve({}) },
    );
    expect(web.status).toBe(200);
    const overWeb = await stored(viaWeb.prisma, ((await web.json()) as { runId: string }).runId);

    expect(overNode.events).toHaveLength(400);
    expect(overNode.files).toEqual([expect.objectContaining({ name: "trail.json", outcome: "ok", stored: 400 })]);
    expect(overNode).toEqual(overWeb);
  });

  it("records an upload cut off mid-body as not ingested and closes its run as aborted", async () => {
    const auth = await headersFor(viaNode.prisma);
    const body = trailBytes();
    const before = await viaNode.prisma.ingestRun.count();
    const socket = await new Promise<import("node:net").Socket>((resolve) => {
      const req = http.request(`http://127.0.0.1:${port}/api/ingest?name=cut.json`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json", "content-length": String(body.length) },
      });
      req.on("error", () => {});
      req.on("socket", (s) => s.once("connect", () => resolve(s)));
      req.write(body.subarray(0, 256 * 1024));
    });
    // The run is open once the first bytes are read; then the client goes away.
    const open = await waitFor(async () => (await viaNode.prisma.ingestRun.count()) > before || null);
    expect(open).toBe(true);
    socket.destroy();
    const run = await waitFor(() =>
      viaNode.prisma.ingestRun.findFirst({
        where: { finishedAt: { not: null }, files: { some: { name: "cut.json" } } },
        include: { files: true },
      }),
    );
    expect(run).toMatchObject({ status: "aborted", stored: 0 });
    expect(run.files).toEqual([expect.objectContaining({ name: "cut.json", outcome: "not-ingested" })]);
    expect(run.error).toMatch(/connection was lost after|client disconnected/);
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
