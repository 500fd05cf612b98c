// Preloaded into the Next.js server by scripts/serve.ts (node --import): request timeouts per
// route, which `next start` has no option for. Node's one requestTimeout (300 s by default)
// would cut off a long upload to /api/ingest, while raising it for every route would let slow
// clients hold connections. So Node's is turned off and each request gets its own: the upload
// route INGEST_REQUEST_TIMEOUT_SECONDS, every other CACHETRAIL_REQUEST_TIMEOUT_SECONDS (serve.ts
// passes both, parsed by lib/env.ts). headersTimeout (60 s) still guards slow headers.
import http from "node:http";

const seconds = (name, fallback) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const ingestMs = seconds("INGEST_REQUEST_TIMEOUT_SECONDS", 6 * 3600) * 1000;
const otherMs = seconds("CACHETRAIL_REQUEST_TIMEOUT_SECONDS", 300) * 1000;

const isUpload = (request) => request.method === "POST" && /^\/api\/ingest(?:[/?]|$)/.test(request.url ?? "");

const createServer = http.createServer;
http.createServer = function createServerWithTimeouts(options, listener) {
  const [opts, onRequest] = typeof options === "function" ? [{}, options] : [options ?? {}, listener];
  const server = createServer.call(this, { ...opts, requestTimeout: 0 }, onRequest);
  server.prependListener("request", (request) => {
    if (request.complete) return;
    const timer = setTimeout(
      () => {
        if (request.complete) return;
        request.socket.destroy(new Error("request timeout"));
      },
      isUpload(request) ? ingestMs : otherMs,
    );
    timer.unref();
    const clear = () => clearTimeout(timer);
    request.once("end", clear);
    request.once("close", clear);
  });
  return server;
};
