// Preloaded into the Next.js server by scripts/serve.ts (node --import): writes the TCP peer's
// address into x-cachetrail-peer, replacing whatever a client sent under that name. Route handlers
// see no socket, and Next.js only fills in X-Forwarded-For when the client sent none — so that
// header is the client's word, and the per-address sign-in limit reads this one instead
// (lib/auth/request-guards.ts clientAddress; X-Forwarded-For only with CACHETRAIL_TRUSTED_PROXIES).
import http from "node:http";

const HEADER = "x-cachetrail-peer";

const createServer = http.createServer;
http.createServer = function createServerWithPeerAddress(...args) {
  const server = createServer.apply(this, args);
  server.prependListener("request", (request) => {
    const address = request.socket.remoteAddress ?? "";
    // IPv4 clients of a dual-stack socket arrive as ::ffff:a.b.c.d.
    request.headers[HEADER] = address.startsWith("::ffff:") ? address.slice(7) : address;
  });
  return server;
};
