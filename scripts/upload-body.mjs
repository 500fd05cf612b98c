// Preloaded into the Next.js server by scripts/serve.ts (node --import): hands the body of a
// POST /api/ingest to the route as Node's own request stream. Next.js gives a route handler the
// body as a web ReadableStream that undici pulls from Node's request, copying every piece into an
// ArrayBuffer of its own and adding a promise hop per piece; on a raw 209.7 MB upload that
// plumbing and the garbage it leaves were about a second of the server's thread against the CLI
// (docs/benchmarks.md, Upload, "Session 21"). Here each upload request is remembered under a
// random id, sent to the route in x-cachetrail-body (replacing whatever a client sent under that
// name); lib/api/ingest/node-request-body.ts takes it from there, or the route reads the web
// stream as before when it is absent (tests, `next dev` in another process). The web stream is
// never read once the route has taken the Node stream, so the bytes are read once.
import { randomUUID } from "node:crypto";
import http from "node:http";

const HEADER = "x-cachetrail-body";
const REGISTRY = Symbol.for("cachetrail.uploadBodies");
/** @type {Map<string, http.IncomingMessage>} */
const bodies = (globalThis[REGISTRY] ??= new Map());

const isUpload = (request) => request.method === "POST" && /^\/api\/ingest(?:[/?]|$)/.test(request.url ?? "");

const createServer = http.createServer;
http.createServer = function createServerWithUploadBodies(...args) {
  const server = createServer.apply(this, args);
  server.prependListener("request", (request, response) => {
    delete request.headers[HEADER];
    if (!isUpload(request)) return;
    const id = randomUUID();
    bodies.set(id, request);
    request.headers[HEADER] = id;
    // Not taken (refused before its body was read, or a multipart upload): forgotten with the response.
    response.once("close", () => bodies.delete(id));
  });
  return server;
};
