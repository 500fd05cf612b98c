import { readFile } from "node:fs/promises";
import http from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { testToken } from "../helpers/routes";
import {
  exited,
  expectConsistent,
  FILES,
  killAll,
  PER_FILE,
  startRouteServer,
  until,
  writeLogs,
} from "./helpers/processes";

// The server killed with SIGKILL in the middle of an upload, then started again: the start
// closes the upload's run as aborted (its owner is gone), nothing is left pending, every stored
// event is counted once, and uploading the same files again completes the set, each event once.

let t: TestDatabase;
let dir: string;
let files: string[];
let token: string;
beforeAll(async () => {
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), "cachetrail-server-killed-"));
  files = await writeLogs(path.join(dir, "logs"), 23);
  token = await testToken("uploader", t.prisma);
});
afterAll(async () => {
  killAll();
  await t.drop();
  await rm(dir, { recursive: true, force: true });
});

const BOUNDARY = "----cachetrail-faults";

/** A multipart upload to `port` that sends `files` and, unless `end`, leaves the request open. */
function startUpload(port: number) {
  const req = http.request(`http://127.0.0.1:${port}/api/ingest`, {
    method: "POST",
    headers: {
      "content-type": `multipart/form-data; boundary=${BOUNDARY}`,
      "transfer-encoding": "chunked",
      authorization: `Bearer ${token}`,
    },
  });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on("response", (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
  return {
    answer,
    async send(paths: string[]) {
      for (const file of paths) {
        req.write(
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${path.basename(file)}"\r\n` +
            "Content-Type: application/gzip\r\n\r\n",
        );
        req.write(await readFile(file));
        req.write("\r\n");
      }
    },
    end() {
      req.end(`--${BOUNDARY}--\r\n`);
    },
  };
}

describe("the server, killed mid-upload", () => {
  it("SIGKILL: the next start closes the run as aborted; uploading again stores the rest, each event once", async () => {
    const first = await startRouteServer(t.url);
    const upload = startUpload(first.port);
    upload.answer.catch(() => {}); // the connection is reset by the kill
    await upload.send(files.slice(0, 3));
    await until(async () => (await t.prisma.event.count()) >= PER_FILE, "the first file's events to be stored");
    first.child.kill("SIGKILL");
    await exited(first.child);

    const [left] = await t.prisma.ingestRun.findMany({ where: { status: "running" } });
    expect(left).toBeDefined();
    const before = await t.prisma.event.count();
    expect(before).toBeGreaterThanOrEqual(PER_FILE);
    expect(before).toBeLessThanOrEqual(3 * PER_FILE);

    // Started again: it closes the run of the process that is gone before it listens.
    const second = await startRouteServer(t.url);
    const closed = await t.prisma.ingestRun.findUniqueOrThrow({ where: { id: left!.id } });
    expect(closed.status).toBe("aborted");
    expect(closed.error).toBe(`aborted: process ${first.child.pid} that ran it ended without closing it`);
    expect(closed.stored).toBe(before);
    await expectConsistent(t.prisma);

    const again = startUpload(second.port);
    await again.send(files);
    again.end();
    const { status, body } = await again.answer;
    expect(status).toBe(200);
    const result = JSON.parse(body) as { status: string; totals: { stored: number; duplicates: number } };
    expect(result.status).toBe("succeeded");
    expect(result.totals).toMatchObject({ stored: FILES * PER_FILE - before, duplicates: before });
    expect(await t.prisma.event.count()).toBe(FILES * PER_FILE);
    await expectConsistent(t.prisma);
    second.child.kill("SIGTERM");
    await exited(second.child);
  });
});
