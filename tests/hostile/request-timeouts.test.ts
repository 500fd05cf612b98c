import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// scripts/http-timeouts.mjs, preloaded into a real Node HTTP server as serve.ts preloads it into
// Next.js: a slow upload to /api/ingest is given INGEST_REQUEST_TIMEOUT_SECONDS, any other slow
// request CACHETRAIL_REQUEST_TIMEOUT_SECONDS.

const SERVER = `
import http from "node:http";
const server = http.createServer((req, res) => { req.resume(); req.on("end", () => res.end("done")); });
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
`;

let server: ChildProcess;
let port: number;
beforeAll(async () => {
  server = spawn(process.execPath, ["--import", "./scripts/http-timeouts.mjs", "--input-type=module", "-e", SERVER], {
    env: { ...process.env, INGEST_REQUEST_TIMEOUT_SECONDS: "4", CACHETRAIL_REQUEST_TIMEOUT_SECONDS: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  port = await new Promise<number>((resolve) =>
    server.stdout!.once("data", (d: Buffer) => resolve(Number(d.toString()))),
  );
});
afterAll(() => {
  server.kill();
});

/** Sends headers and part of a body, then nothing: how long until the server hangs up? */
function slowRequest(path: string): Promise<number> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nsome`);
    });
    socket.on("close", () => resolve(Date.now() - started));
    socket.on("error", () => {});
  });
}

describe("request timeouts", () => {
  it("cut off a stalled request to another route after CACHETRAIL_REQUEST_TIMEOUT_SECONDS", async () => {
    const ms = await slowRequest("/api/events");
    expect(ms).toBeGreaterThanOrEqual(900);
    expect(ms).toBeLessThan(3500);
  });

  it("give an upload INGEST_REQUEST_TIMEOUT_SECONDS", async () => {
    const ms = await slowRequest("/api/ingest?name=x");
    expect(ms).toBeGreaterThanOrEqual(3900);
    expect(ms).toBeLessThan(8000);
  });
});
