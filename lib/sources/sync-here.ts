import "server-only";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { fetchPublicKeysAfterSync } from "@/lib/completeness/aws-keys";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { emptyFileSummary, type FileSummary } from "@/lib/ingest/file-summary";
import type { RunStatus } from "@/lib/ingest/run-summary";
import type { BucketReader } from "./bucket";
import { DigestPrefetch, readDigestPage } from "./digests";
import { SourceError } from "./errors";
import type { Day } from "./layout";
import type { S3Failure } from "./s3-errors";
import type { SyncSource } from "./sources";
import {
  abortRun,
  beginSync,
  closeRunIfSettled,
  CLI_RUNNER_PREFIX,
  failListing,
  listSync,
  readObject,
  syncAlive,
  type ListingResult,
  type ReadOptions,
} from "./sync";
import { retryDelayMs } from "./retry";

// A sync driven by this process alone — `npm run sync` — through the same steps, ledger and
// run as the job queue's: it lists, and reads the listed objects as they come with a few lanes
// in parallel, retrying failures with backoff. Its heartbeat tells the workers' reaper that it
// is alive; if it dies, the reaper closes its run as aborted.

export interface SyncHereOptions {
  /** CloudTrail's endpoint for ListPublicKeys once the run is closed (CACHETRAIL_CLOUDTRAIL_ENDPOINT). */
  cloudTrailEndpoint?: string | null;
  /** Objects read at once. */
  concurrency?: number;
  /** Further attempts after a failed read. */
  retries?: number;
  retryDelaySeconds?: number;
  leaseSeconds?: number;
  from?: Day | null;
  to?: Day;
  signal?: AbortSignal;
  ingest?: ReadOptions["ingest"];
  /** Objects queued so far (grows while the listing goes on). */
  onQueued?: (objectsQueued: number) => void;
  onObjectDone?: (key: string, summary: FileSummary) => void;
}

export interface SyncHereResult {
  runId: string;
  status: RunStatus;
  listing: ListingResult | null;
  listingError: S3Failure | null;
  /** One per object read (or failed for good), in key order. */
  files: FileSummary[];
}

const HEARTBEAT_MS = 10_000;
/** Keys listed but not yet read, at most: listing waits for the readers beyond that (bounded memory). */
const MAX_PENDING = 10_000;
/** A CLI sync silent this long is presumed dead by the next one (its heartbeat is every 10 s). */
export const CLI_STALE_SECONDS = 60;

/** What a run started from a terminal records as who started it (no sign-in there: the machine's user ran it). */
export const CLI_SYNC_TRIGGER_LABEL = "command line (npm run sync)";

export const cliRunner = () => `${CLI_RUNNER_PREFIX}${os.hostname()}:${process.pid}`;

export async function syncHere(
  prisma: PrismaClient,
  reader: BucketReader,
  source: SyncSource,
  options: SyncHereOptions = {},
): Promise<SyncHereResult> {
  const runner = cliRunner();
  let begin = await beginSync(prisma, source, runner, { triggeredBy: CLI_SYNC_TRIGGER_LABEL });
  if (begin.kind === "busy" && begin.runner?.startsWith(CLI_RUNNER_PREFIX)) {
    const row = await prisma.s3Source.findUniqueOrThrow({
      where: { sourceId: source.id },
      select: { heartbeatAt: true },
    });
    if (!row.heartbeatAt || Date.now() - row.heartbeatAt.getTime() > CLI_STALE_SECONDS * 1000) {
      await abortRun(
        prisma,
        source.id,
        begin.runId,
        `the command-line sync (${begin.runner}) stopped: no sign of life`,
      );
      begin = await beginSync(prisma, source, runner, { triggeredBy: CLI_SYNC_TRIGGER_LABEL });
    }
  }
  if (begin.kind === "busy")
    throw new SourceError(
      "busy",
      `A sync of this source is already running (run ${begin.runId}, ${begin.runner ?? "unknown driver"}).`,
    );
  const runId = begin.runId;
  const heartbeat = setInterval(() => void syncAlive(prisma, source.id, runId).catch(() => {}), HEARTBEAT_MS);
  heartbeat.unref();

  const pending: string[] = [];
  const seen = new Set<string>();
  let listingDone = false;
  let waiting: (() => void)[] = [];
  const wakeAll = () => {
    const w = waiting;
    waiting = [];
    for (const resolve of w) resolve();
  };
  const files = new Map<string, FileSummary>();
  const digestKeys: string[] = [];
  const prefetch = new DigestPrefetch(reader, options.signal);
  const retries = options.retries ?? 3;

  const readWithRetries = async (key: string) => {
    for (let attempt = 0; ; attempt++) {
      const result = await readObject(
        prisma,
        reader,
        { sourceId: source.id, runId, key },
        {
          owner: `${runner}:${key}`,
          leaseSeconds: options.leaseSeconds ?? 60,
          lastAttempt: attempt >= retries,
          signal: options.signal,
          ingest: options.ingest,
        },
      );
      if (result.kind === "busy") {
        await sleep(Math.max(result.leaseUntil.getTime() - Date.now(), 100));
        continue;
      }
      if (result.kind === "failed" && !result.final) {
        await sleep(retryDelayMs(options.retryDelaySeconds ?? 2, attempt + 1), undefined, {
          signal: options.signal,
        }).catch(() => {});
        if (options.signal?.aborted) return;
        continue;
      }
      if (result.kind === "done") files.set(key, result.summary);
      if (result.kind === "failed") files.set(key, failedSummary(key, result.failure, result.summary));
      if (result.kind === "done" || result.kind === "failed") options.onObjectDone?.(key, files.get(key)!);
      return;
    }
  };
  // The listed digests, in batches (lib/sources/digests.ts), once no log file is left to start: stored
  // after (or, for the few still being read, beside) the log files they name, a digest matches them
  // in one statement; stored before, every log file read after it is matched on its own. What is not a
  // clean digest (or what the batch could not store) is read the ordinary way, with its retries.
  let digestsRead: Promise<void> | null = null;
  const readDigests = async () => {
    if (digestKeys.length === 0 || options.signal?.aborted) return;
    const page = await readDigestPage(prisma, reader, { sourceId: source.id, runId }, digestKeys, {
      owner: `${runner}:digests`,
      leaseSeconds: options.leaseSeconds ?? 60,
      signal: options.signal,
      prefetched: prefetch,
    });
    for (const { key, summary } of page.read) {
      files.set(key, summary);
      options.onObjectDone?.(key, summary);
    }
    pending.push(...page.handedBack);
  };
  const lane = async () => {
    for (;;) {
      if (options.signal?.aborted) return;
      const key = pending.shift();
      if (key !== undefined) {
        await readWithRetries(key);
        wakeAll(); // a listing waiting for room
        continue;
      }
      if (listingDone) {
        // Every log file listed is being read: the digests' batch starts beside the last of them.
        digestsRead ??= readDigests();
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  const lanes = Array.from({ length: options.concurrency ?? 4 }, lane);

  let listing: ListingResult | null = null;
  let listingError: S3Failure | null = null;
  try {
    listing = await listSync(prisma, reader, source, runId, {
      full: true,
      from: options.from,
      to: options.to,
      recordState: false,
      // Read once the log files are (readDigests, above); their GETs start now, beside the log files'
      // (DigestPrefetch).
      onDigests: async (keys) => {
        const fresh = keys.filter((key) => !seen.has(key));
        for (const key of fresh) seen.add(key);
        digestKeys.push(...fresh);
        prefetch.add(fresh);
        options.onQueued?.(seen.size);
      },
      onQueued: async (keys) => {
        for (const key of keys) {
          if (seen.has(key)) continue;
          seen.add(key);
          pending.push(key);
        }
        options.onQueued?.(seen.size);
        wakeAll();
        while (pending.length > MAX_PENDING && !options.signal?.aborted)
          await new Promise<void>((resolve) => waiting.push(resolve));
      },
    });
  } catch (error) {
    listingError = reader.failure(error, "list");
    await failListing(prisma, source.id, runId, listingError);
  } finally {
    listingDone = true;
    wakeAll();
  }
  await Promise.all(lanes);
  await digestsRead;
  if (pending.length > 0) await Promise.all(Array.from({ length: options.concurrency ?? 4 }, lane));
  clearInterval(heartbeat);

  const status = options.signal?.aborted
    ? await abortRun(prisma, source.id, runId, "the command-line sync was cancelled")
    : await closeRunIfSettled(prisma, source.id, runId);
  // CloudTrail's public keys for the digests read (lib/completeness): a refusal is recorded, never thrown.
  if (status !== null && !options.signal?.aborted)
    await fetchPublicKeysAfterSync(prisma, source, { endpoint: options.cloudTrailEndpoint });
  return {
    runId: runId.toString(),
    status: status ?? "aborted",
    listing,
    listingError,
    files: [...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, f]) => f),
  };
}

function failedSummary(key: string, failure: S3Failure, summary: FileSummary | null): FileSummary {
  return {
    ...(summary ?? { ...emptyFileSummary(key, null), outcome: "failed" }),
    error: failure.message,
    errorCode: failure.code,
  };
}
