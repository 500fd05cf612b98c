// node --max-old-space-size=320 --import tsx scripts/bench/read-thread-probe.ts FILE main|worker
// Where the garbage collection of an upload's bytes lands. The file is read in fresh 64 KiB
// buffers, as the route receives a body (undici copies every piece into an ArrayBuffer of its own),
// and scanned by readCloudTrail either on this thread ("main") or on a worker thread the buffers
// are transferred to ("worker"). Prints the collections of each thread and how busy this one was:
// a probe for moving the reading of uploads off the web server's thread, not a benchmark.
import { open } from "node:fs/promises";
import { performance, PerformanceObserver } from "node:perf_hooks";
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import { readCloudTrail } from "@/lib/ingest/read/read-cloudtrail";

const PIECE_BYTES = 64 * 1024;
/** Pieces sent ahead of the worker's acknowledgements. */
const IN_FLIGHT = 16;

function collections(): () => Record<string, number> {
  const counts: Record<string, number> = { minor: 0, major: 0, ms: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail: { kind: number } }).detail.kind;
      if (kind === 1) counts.minor!++;
      if (kind === 4) counts.major!++;
      counts.ms! += entry.duration;
    }
  }).observe({ entryTypes: ["gc"] });
  return () => ({ ...counts, ms: Math.round(counts.ms!) });
}

async function skippedRecords(input: AsyncIterable<Uint8Array>): Promise<number> {
  let skipped = 0;
  for await (const item of readCloudTrail(input)) if (item.type === "skipped") skipped += item.count;
  return skipped;
}

async function* pieces(file: string): AsyncGenerator<Buffer> {
  const handle = await open(file);
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafeSlow(PIECE_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

async function onWorker(file: string): Promise<{ skipped: number; worker: Record<string, number> }> {
  const worker = new Worker(new URL("./read-thread-probe-worker.mjs", import.meta.url));
  let credit = IN_FLIGHT;
  let wake: (() => void) | undefined;
  const done = new Promise<{ skipped: number; worker: Record<string, number> }>((resolve, reject) => {
    worker.on("error", reject);
    worker.on("message", (m: { ack?: true; skipped?: number; collections?: Record<string, number> }) => {
      if (m.ack) {
        credit++;
        wake?.();
      } else resolve({ skipped: m.skipped!, worker: m.collections! });
    });
  });
  for await (const piece of pieces(file)) {
    while (credit <= 0) await new Promise<void>((resolve) => (wake = resolve));
    credit--;
    // As a route's piece does, this one owns its buffer: transferred, not copied (the last one is short).
    const buffer = piece.buffer as ArrayBuffer;
    const owned =
      piece.byteOffset === 0 && piece.length === buffer.byteLength
        ? buffer
        : buffer.slice(piece.byteOffset, piece.byteOffset + piece.length);
    worker.postMessage(owned, [owned]);
  }
  worker.postMessage(null);
  const result = await done;
  await worker.terminate();
  return result;
}

async function asWorker(): Promise<void> {
  const count = collections();
  const queue: Array<ArrayBuffer | null> = [];
  let wake: (() => void) | undefined;
  parentPort!.on("message", (m: ArrayBuffer | null) => {
    queue.push(m);
    wake?.();
  });
  async function* received(): AsyncGenerator<Uint8Array> {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const piece = queue.shift()!;
      if (piece === null) return;
      parentPort!.postMessage({ ack: true });
      yield new Uint8Array(piece);
    }
  }
  const skipped = await skippedRecords(received());
  await new Promise((resolve) => setTimeout(resolve, 100)); // the last collections' entries
  parentPort!.postMessage({ skipped, collections: count() });
}

if (isMainThread) {
  const [file, mode = "main"] = process.argv.slice(2);
  if (!file || !["main", "worker"].includes(mode)) throw new Error("usage: read-thread-probe.ts FILE main|worker");
  const count = collections();
  const started = performance.now();
  const utilisation = performance.eventLoopUtilization();
  const result = mode === "main" ? { skipped: await skippedRecords(pieces(file)) } : await onWorker(file);
  const busy = performance.eventLoopUtilization(utilisation).active / 1000;
  await new Promise((resolve) => setTimeout(resolve, 100));
  console.log(
    JSON.stringify({
      mode,
      ...result,
      seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
      mainBusySeconds: Number(busy.toFixed(2)),
      main: count(),
    }),
  );
} else {
  await asWorker();
}
