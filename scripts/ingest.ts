// npm run ingest -- [--json] [--skip-index-rebuild] <files|dirs...>
// Stores the ElastiCache events of CloudTrail files in DATABASE_URL, or in the embedded
// PostgreSQL of the app (started here if the app is not running).
//
// An import that brings the events stored since the last index rebuild past the threshold
// (lib/maintenance/rebuild-threshold.ts: 100,000, or a quarter of the table) rebuilds the ingest's
// indexes here, at its end, rather than queueing the rebuild for a worker: the CLI is how large
// backfills are done, often before any server runs (nothing would take a queued job), and the
// operator who waits for the import sees the disk it leaves. `--skip-index-rebuild` leaves it to the
// server's worker, whose minute tick finds it due.
//
// package.json runs this with a 192 MB heap ceiling (peak RSS stays under 400 MB on a 1 GB file) and
// `--heap-growing-percent=300`: under a ceiling that low V8 otherwise ran a full collection every few
// tens of milliseconds of an ingest (why, in scripts/server-heap-flags.ts: the server runs the same way).
import { parseArgs } from "node:util";
import { env } from "@/lib/env";
import { exitAfterOutput } from "@/scripts/cli/exit-after-output";
import { formatTable } from "@/scripts/cli/format-table";
import { closePrismaClient } from "@/lib/db/create-client";
import { provideClient } from "@/lib/db/provide-client";
import { formatCount, formatSize } from "@/lib/format/numbers";
import { ingestPaths, listInputFiles } from "@/lib/ingest/ingest-paths";
import { runTotals } from "@/lib/ingest/run-summary";
import { abortRun, closeAbandonedRuns } from "@/lib/ingest/runs";
import { describePosition } from "@/lib/run-history/labels";
import { indexRebuildDue, rebuildIndexesIfDue } from "@/lib/maintenance/index-rebuild";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: "boolean", default: false },
    "skip-index-rebuild": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help || positionals.length === 0) {
  console.error(
    "Usage: npm run ingest -- [--json] [--skip-index-rebuild] <file|directory>...\n" +
      "  Files may be .json, .json.gz, NDJSON or lookup-events output; directories are read recursively.\n" +
      "  After a large import the ingest's indexes are rebuilt (compact again); --skip-index-rebuild leaves\n" +
      "  that to the server's worker.",
  );
  process.exit(values.help ? 0 : 2);
}

// In a function rather than at the top level: scripts/launch.mjs runs entries as CommonJS, which has no
// top-level await (why, in launch.mjs).
void main();

async function main(): Promise<void> {
  // The files are listed while the database starts or answers: both mostly wait.
  const [{ files, missing, passedOver }, { database, prisma }] = await Promise.all([
    listInputFiles(positionals),
    provideClient((line) => !values.json && console.error(line), 4),
  ]);
  for (const m of missing) console.error(`Not found: ${m}`);
  for (const p of passedOver) console.error(`Passed over: ${p.path} — ${p.reason}`);
  const totalBytes = files.reduce((n, f) => n + f.size, 0);

  // Leftovers of a CLI or server killed earlier are closed first (lib/ingest/runs.ts).
  await closeAbandonedRuns(prisma);
  const controller = new AbortController();
  let runId: bigint | null = null;
  // The first Ctrl-C (or SIGTERM) stops reading and closes the run with what was stored; a second
  // one does not wait for the files in flight: the run is closed as aborted at once, then exit.
  let signals = 0;
  let rebuilding = false;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (rebuilding) {
      // The run is closed already; a rebuild cut short is dropped and done again by the next one.
      console.error(`\n${signal}: the index rebuild stops here (the server's worker does it later).`);
      process.exit(130);
    }
    if (signals === 1) {
      console.error(`\n${signal}: stopping after the batches in flight (again to stop at once).`);
      controller.abort();
      return;
    }
    const exit = () => process.exit(130);
    console.error(`${signal} again: closing run ${runId ?? "(none yet)"} as aborted.`);
    if (runId === null) return exit();
    void abortRun(prisma, runId, `interrupted (${signal} twice)`).then(exit, (error: unknown) => {
      console.error(`Could not close run ${runId} (the next start will): ${String(error)}`);
      exit();
    });
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const showProgress = !values.json && process.stderr.isTTY;
  // Loaded only for a terminal: a script or a pipe does not pay for it.
  const bar = showProgress
    ? await import("cli-progress").then(
        ({ default: cliProgress }) =>
          new cliProgress.SingleBar(
            {
              format:
                "{bar} {percentage}% | {filesDone}/{files} files | {done} of {total} | {rate} events/s | {stored} stored",
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic,
          ),
      )
    : null;
  let bytesBefore = 0;
  let storedBefore = 0;
  const started = Date.now();
  const cpuAtStart = process.cpuUsage();
  const tick = (bytesInFile: number, storedInFile: number, filesDone: number) => {
    if (!bar) return;
    const stored = storedBefore + storedInFile;
    const done = bytesBefore + bytesInFile;
    bar.update(done, {
      filesDone,
      files: files.length,
      done: formatSize(done),
      total: formatSize(totalBytes),
      stored,
      rate: formatCount(Math.round(stored / Math.max((Date.now() - started) / 1000, 0.001))),
    });
  };
  bar?.start(Math.max(totalBytes, 1), 0, {
    filesDone: 0,
    files: files.length,
    done: "0 B",
    total: formatSize(totalBytes),
    rate: 0,
    stored: 0,
  });

  let exitCode = missing.length > 0 ? 1 : 0;
  try {
    const result = await ingestPaths(prisma, files, {
      source: { kind: "cli", name: "command line" },
      signal: controller.signal,
      maxDecompressedBytes: env.INGEST_MAX_DECOMPRESSED_BYTES,
      maxRecordBytes: env.INGEST_MAX_RECORD_BYTES,
      onRun: (id) => (runId = id),
      onProgress: (p) => tick(p.bytes, p.stored, 0),
      onFileDone: (summary, index) => {
        bytesBefore += files[index]!.size;
        storedBefore += summary.stored;
        tick(0, 0, index + 1);
      },
    });
    bar?.stop();
    if (result.files.some((f) => f.outcome === "failed" || f.error) || result.status === "aborted") exitCode = 1;

    if (values.json) {
      // resourceUsage().maxRSS is in KiB: the peak resident memory of this process. `seconds` is the
      // run's time after the database is up, `cpuSeconds` this process's CPU from its start (bench:ingest),
      // `runCpuSeconds` its CPU over `seconds` only (bench:upload's CPU account).
      const usage = process.resourceUsage();
      const peakRssBytes = usage.maxRSS * 1024;
      const seconds = (Date.now() - started) / 1000;
      const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
      const runCpu = process.cpuUsage(cpuAtStart);
      const runCpuSeconds = (runCpu.user + runCpu.system) / 1e6;
      console.log(
        JSON.stringify(
          {
            runId: result.runId,
            status: result.status,
            missing,
            passedOver,
            peakRssBytes,
            seconds,
            cpuSeconds,
            runCpuSeconds,
            files: result.files,
          },
          null,
          2,
        ),
      );
    } else {
      console.log(
        formatTable(
          ["file", "outcome", "read", "stored", "duplicates", "skipped", "rejected", "error / note"],
          result.files.map((f) => [
            f.name,
            f.outcome,
            f.recordsRead,
            f.stored,
            f.duplicates,
            f.skipped,
            f.rejected,
            f.error ?? f.note ?? "",
          ]),
        ),
      );
      for (const f of result.files.filter((f) => f.rejections.length > 0)) {
        console.log(`\n${f.name}: ${formatCount(f.rejected)} rejected record(s)`);
        for (const r of f.rejections.slice(0, 10)) console.log(`  ${describePosition(r.position)}: ${r.reason}`);
      }
      const { stored, files: fileCount } = runTotals(result.files);
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `\nRun ${result.runId}: ${result.status} — ${formatCount(stored)} new events from ${fileCount} file(s) ` +
          `in ${seconds.toFixed(1)} s.`,
      );
    }
    if (!values["skip-index-rebuild"] && result.status !== "aborted") await rebuildAfterImport();
  } finally {
    await closePrismaClient(prisma);
    await database.release();
  }
  exitAfterOutput(exitCode);

  /** Rebuilds the ingest's indexes when this import made it due (see the top of this file). Never fails the import. */
  async function rebuildAfterImport(): Promise<void> {
    const say = (line: string) => !values.json && console.error(line);
    try {
      const due = await indexRebuildDue(prisma);
      if (!due.due) return;
      say(
        `\n${formatCount(due.storedSince)} or more events stored since the indexes were last rebuilt: rebuilding them, ` +
          "one at a time, while reads go on (--skip-index-rebuild leaves this to the server's worker)…",
      );
      rebuilding = true;
      const result = await rebuildIndexesIfDue(prisma, {
        onIndex: (index, k, total) => say(`  ${k}/${total} ${index.name} (${formatSize(index.bytes)})…`),
      });
      rebuilding = false;
      if (result.kind === "busy") say("Another process is rebuilding the indexes now.");
      if (result.kind !== "rebuilt") return;
      say(
        `Indexes rebuilt in ${(result.ms / 1000).toFixed(1)} s: ` +
          `${formatSize(result.bytesBefore)} → ${formatSize(result.bytesAfter)}.`,
      );
    } catch (error) {
      rebuilding = false;
      console.error(`The index rebuild failed (the server's worker tries again): ${String(error)}`);
    }
  }
}
