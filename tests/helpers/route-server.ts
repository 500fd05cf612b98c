// A small HTTP server around the real route modules of the upload, the events list and the
// export, for tests that must kill a server or measure its memory without a `next build`:
// `node --conditions=react-server --import tsx tests/helpers/route-server.ts` with DATABASE_URL
// set. Like scripts/serve.ts, it first closes the runs of processes that are gone. Prints
// {"port"} on stdout once it listens.
import http from "node:http";
import { NextRequest } from "next/server";
import { POST as ingest } from "@/app/api/ingest/route";
import { GET as events } from "@/app/api/events/route";
import { GET as exportEvents } from "@/app/api/events/export/route";
import { GET as run } from "@/app/api/ingestions/[runId]/route";
import { GET as resources } from "@/app/api/resources/route";
import { GET as timeline } from "@/app/api/resources/[account]/[region]/[kind]/[id]/timeline/route";
import { db } from "@/lib/db/client";
import { closeAbandonedRuns } from "@/lib/ingest/runs";

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const routes: { method: string; pattern: RegExp; handler: Handler; params?: string[] }[] = [
  { method: "POST", pattern: /^\/api\/ingest$/, handler: ingest as Handler },
  { method: "GET", pattern: /^\/api\/events$/, handler: events as Handler },
  { method: "GET", pattern: /^\/api\/events\/export$/, handler: exportEvents as Handler },
  { method: "GET", pattern: /^\/api\/ingestions\/([^/]+)$/, handler: run as Handler, params: ["runId"] },
  { method: "GET", pattern: /^\/api\/resources$/, handler: resources as Handler },
  {
    method: "GET",
    pattern: /^\/api\/resources\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)\/timeline$/,
    handler: timeline as Handler,
    params: ["account", "region", "kind", "id"],
  },
];

await closeAbandonedRuns(db());

const server = http.createServer((req, res) => {
  void (async () => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = routes.find((r) => r.method === req.method && r.pattern.test(url.pathname));
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    const match = route.pattern.exec(url.pathname)!;
    const params = Object.fromEntries((route.params ?? []).map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const request = new NextRequest(url, {
      method: req.method,
      headers,
      // The IncomingMessage itself, as Next.js passes it (undici reads it only when the route does), so
      // scripts/upload-body.mjs, when preloaded, can hand the route the Node stream instead.
      ...(req.method === "POST" ? { body: req as unknown as ReadableStream<Uint8Array>, duplex: "half" } : {}),
    });
    const response = await route.handler(request, { params: Promise.resolve(params) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body)
      for await (const chunk of response.body) if (!res.write(chunk)) await new Promise((r) => res.once("drain", r));
    res.end();
  })().catch((error: unknown) => {
    if (!res.headersSent) res.writeHead(500);
    res.end(String(error));
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`);
});
