// npm run bench:load [-- --clients 20 --seconds 20 --size 200MB --port 3391]
// Does the web server keep answering pages while a large upload runs? On loopback only, against
// the production server (`npm run build` first) in its own data directory: a seed corpus is
// uploaded first so the pages have data, then `--clients` signed-in clients (an API token, as
// `npm run token` makes) browse the explorer and timelines in a loop — /events, /api/events
// (filtered and not), a cluster's page and its timeline API — for `--seconds` ("before"), then
// again while one raw upload of `--size` of JSON (another seed, so its events are new) runs
// ("during"). Reports p50/p95 latency of each phase, the ratio (target: p95 during ≤ 3 × before)
// and every error (target: none), and writes its section of docs/benchmarks.md.
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { dataDir } from "@/lib/env";
import { listInputFiles } from "@/lib/ingest/ingest-paths";
import { eventListApiUrl, eventListUrl, resourceTimelineApiUrl, resourceUrl, type ResourceKey } from "@/lib/urls";
import { formatTable } from "@/scripts/cli/format-table";
import {
  ensureBenchCorpus,
  ensureSingleFile,
  nextServerPid,
  peakRssBytes,
  startServer,
  uploadFiles,
} from "./bench-server";
import { machineDescription, markdownTable, percentile, writeBenchmarkSection } from "./report";

const { values } = parseArgs({
  options: {
    clients: { type: "string", default: "20" },
    seconds: { type: "string", default: "20" },
    size: { type: "string", default: "200MB" },
    port: { type: "string", default: "3391" },
    "pg-port": { type: "string", default: "54392" },
  },
});
const clients = Number(values.clients);
const phaseMs = Number(values.seconds) * 1000;
const port = Number(values.port);
const base = `http://127.0.0.1:${port}`;

interface Sample {
  kind: string;
  ms: number;
}
interface Phase {
  samples: Sample[];
  errors: string[];
}

/** Each client walks the list in turn (from its own starting point), one request at a time. */
async function browse(token: string, urls: Array<[string, string]>, until: () => boolean): Promise<Phase> {
  const phase: Phase = { samples: [], errors: [] };
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = client; !until(); i++) {
        const [kind, url] = urls[i % urls.length]!;
        const started = performance.now();
        try {
          const response = await fetch(`${base}${url}`, {
            headers: { authorization: `Bearer ${token}` },
            redirect: "manual",
          });
          await response.arrayBuffer();
          if (response.status !== 200) phase.errors.push(`${response.status} ${url}`);
          else phase.samples.push({ kind, ms: performance.now() - started });
        } catch (error) {
          phase.errors.push(`${(error as Error).message} ${url}`);
        }
      }
    }),
  );
  return phase;
}

const mib = (bytes: number) => `${Math.round(bytes / 1024 ** 2)} MiB`;

function stats(samples: Sample[]): { n: number; p50: number; p95: number } {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

// ---- run ---------------------------------------------------------------------------------------

const seedCorpus = await ensureBenchCorpus(values.size!, 1);
const uploadCorpus = await ensureBenchCorpus(values.size!, 2);
const single = await ensureSingleFile(uploadCorpus, values.size!, 2);
const data = path.join(dataDir, "bench", "load-server");
await rm(data, { recursive: true, force: true });

console.log("Starting the production server…");
const server = await startServer(data, { port, pgPort: Number(values["pg-port"]) });
const loads: number[] = [];
try {
  const pid = await nextServerPid(server.proc.pid!);
  console.log("Uploading the seed corpus so the pages have data…");
  const seeded = await uploadFiles(
    { port, token: server.token },
    (await listInputFiles([seedCorpus])).files.map((f) => f.path),
    "multipart",
  );
  const seedPeak = await peakRssBytes(pid);

  const list = (await fetch(`${base}/api/resources?sort=events`, {
    headers: { authorization: `Bearer ${server.token}` },
  }).then((r) => r.json())) as { rows: Array<{ key: ResourceKey }> };
  const busiest = list.rows[0]!.key;
  const urls: Array<[string, string]> = [
    ["/events (page)", eventListUrl()],
    ["/api/events", eventListApiUrl()],
    ["/api/events (filtered)", eventListApiUrl(new URLSearchParams({ access: "write" }))],
    ["cluster page (timeline)", resourceUrl(busiest)],
    ["cluster timeline API", resourceTimelineApiUrl(busiest, new URLSearchParams())],
  ];
  // Warm-up, not measured: the first requests of each page load its code and fill the caches
  // (a cold "before" phase made the upload look free: p95 during < before).
  const warmEnd = performance.now() + Math.min(phaseMs, 10_000);
  await browse(server.token, urls, () => performance.now() > warmEnd);
  const browsePeak = await peakRssBytes(pid);

  console.log(`Before: ${clients} clients for ${values.seconds} s…`);
  loads.push(os.loadavg()[0]!);
  const beforeEnd = performance.now() + phaseMs;
  const before = await browse(server.token, urls, () => performance.now() > beforeEnd);

  console.log(`During: the same clients while ${path.basename(single)} uploads…`);
  loads.push(os.loadavg()[0]!);
  let uploading = true;
  const upload = uploadFiles({ port, token: server.token }, [single], "raw").finally(() => (uploading = false));
  const during = await browse(server.token, urls, () => !uploading);
  const uploaded = await upload;
  loads.push(os.loadavg()[0]!);
  const serverPeak = await peakRssBytes(pid);

  const kinds = urls.map(([kind]) => kind);
  const rows = [...kinds, "all"].map((kind) => {
    const pick = (p: Phase) => (kind === "all" ? p.samples : p.samples.filter((s) => s.kind === kind));
    const [b, d] = [stats(pick(before)), stats(pick(during))];
    return [
      kind,
      String(b.n),
      b.p50.toFixed(0),
      b.p95.toFixed(0),
      String(d.n),
      d.p50.toFixed(0),
      d.p95.toFixed(0),
      (d.p95 / b.p95).toFixed(2),
    ];
  });
  const headers = [
    "request",
    "before: n",
    "p50 ms",
    "p95 ms",
    "during upload: n",
    "p50 ms",
    "p95 ms",
    "p95 during ÷ before",
  ];
  console.log(`\n${formatTable(headers, rows)}`);
  const all = { before: stats(before.samples), during: stats(during.samples) };
  const ratio = all.during.p95 / all.before.p95;
  const errors = [...before.errors, ...during.errors];
  const verdict =
    `p95 during ÷ before: **${ratio.toFixed(2)}** (target ≤ 3: ${ratio <= 3 ? "met" : "NOT met"}); ` +
    `errors: **${errors.length}** (target 0: ${errors.length === 0 ? "met" : "NOT met"})` +
    (errors.length ? ` — first: ${errors.slice(0, 3).join("; ")}` : "") +
    `. The upload took ${uploaded.seconds.toFixed(1)} s and stored ${uploaded.stored.toLocaleString("en-US")} events; ` +
    `server peak RSS ${mib(serverPeak)} (after the seed's multipart upload of ${seeded.files} files: ${mib(seedPeak)}; ` +
    `after the clients' warm-up: ${mib(browsePeak)}).`;
  console.log(verdict);
  await writeBenchmarkSection(
    "load",
    `## Load (\`npm run bench:load\`)\n\n${machineDescription()}, load average (1 min) ` +
      `${loads.map((l) => l.toFixed(1)).join(" → ")} at the start of each phase (a shared machine: the ` +
      `ratio of the two phases of one run is the figure to read). The production server on loopback with ` +
      `the embedded PostgreSQL, seeded by uploading \`npm run corpus -- --size ${values.size} --seed 1\` ` +
      `(${seeded.stored.toLocaleString("en-US")} events). ${clients} clients signed in with an API token each ` +
      `request the pages below in turn, one request at a time, for ${values.seconds} s ("before"), then while ` +
      `one raw ${values.size} JSON body (seed 2, new events) is uploaded to \`POST /api/ingest\` ("during"). ` +
      `Latency from request to the last byte of the answer.\n\n${markdownTable(headers, rows)}\n\n${verdict}\n\n` +
      `The ingest gives way to page requests (it hands the event loop back every 20 ms, lib/ingest/ingest-file.ts), ` +
      `so while the clients keep both cores busy the upload gets what is left: compare its time here with ` +
      `bench:upload's on an idle server. The server runs with CACHETRAIL_SERVER_HEAP_MB (README): without a heap ` +
      `bound the same run peaked at 648 MiB of RSS, V8 collecting lazily with about 4 GiB of heap allowed.`,
  );
  console.log("Written to docs/benchmarks.md");
} finally {
  await server.stop();
  // PostgreSQL may still be removing files for a moment after it stopped.
  await rm(data, { recursive: true, force: true, maxRetries: 5, retryDelay: 500 });
}
