// One user of the embedded PostgreSQL, as a CacheTrail process is: starts or attaches to the
// server of the data directory given, prints {"url"} on stdout, releases it on a "release" line
// on stdin, then exits. Used by tests/faults/embedded-lifecycle.test.ts.
import { createInterface } from "node:readline";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

const server = await startEmbeddedPostgres({ dataDir: process.argv[2]!, preferredPort: 0 });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === "release") break;
}
process.stdin.destroy();
await server.release();
process.stdout.write(`${JSON.stringify({ released: true })}\n`);
