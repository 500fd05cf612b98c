// One export of every event through the real route (tests/helpers/route-server.ts, a server of
// its own so its peak RSS is the export's alone), streamed to nowhere: what `npm run bench:export`
// reports at 1 M events and what tests/memory/large-records.test.ts bounds on 1,000 records of
// 1 MB. The server's peak is read from /proc (VmHWM), the same way the memory suite reads it.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import http from "node:http";
import { createInterface } from "node:readline";

export interface ExportMeasure {
  format: "csv" | "json";
  status: number;
  bytes: number;
  /** Newline-terminated lines of the answer: the header (CSV) or brackets (JSON) included. */
  lines: number;
  seconds: number;
  /** The server's resident set once listening, before the export. */
  startRssBytes: number;
  /** The server's highest resident set, start-up included. */
  peakRssBytes: number;
}

async function rss(pid: number, field: "VmRSS" | "VmHWM"): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]) * 1024;
}

/** Starts a route server on `databaseUrl`, exports every event in `format` with `token`, stops it. */
export async function measureExport(
  databaseUrl: string,
  token: string,
  format: "csv" | "json",
): Promise<ExportMeasure> {
  const server = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "tests/helpers/route-server.ts"],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  try {
    const first = await createInterface({ input: server.stdout! })[Symbol.asyncIterator]().next();
    if (first.done) throw new Error(`the route server ended before listening (${server.exitCode})`);
    const { port } = JSON.parse(first.value as string) as { port: number };
    const startRssBytes = await rss(server.pid!, "VmRSS");
    const started = performance.now();
    const { status, bytes, lines } = await new Promise<{ status: number; bytes: number; lines: number }>(
      (resolve, reject) => {
        const request = http.get(
          `http://127.0.0.1:${port}/api/events/export?format=${format}`,
          { headers: { authorization: `Bearer ${token}` } },
          (response) => {
            let bytes = 0;
            let lines = 0;
            response.on("data", (chunk: Buffer) => {
              bytes += chunk.length;
              for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
            });
            response.on("end", () => resolve({ status: response.statusCode!, bytes, lines }));
            response.on("error", reject);
          },
        );
        request.on("error", reject);
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const peakRssBytes = await rss(server.pid!, "VmHWM");
    return { format, status, bytes, lines, seconds, startRssBytes, peakRssBytes };
  } finally {
    server.kill("SIGTERM");
  }
}
