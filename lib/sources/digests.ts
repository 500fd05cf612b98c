import "server-only";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { digestFileSchema, type DigestFile } from "@/lib/completeness/digest-file";
import { storeDigest, storeDigests } from "@/lib/completeness/store";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { emptyFileSummary, type FileSummary } from "@/lib/ingest/file-summary";
import { recordReadFiles } from "@/lib/ingest/ingest-file";
import { logger } from "@/lib/log/logger";
import type { BucketReader } from "./bucket";
import { claimObjects, recordReads, releaseObjects } from "./ledger";

// The digest files of a listed page, read by the sync itself instead of one object read each
// (issue 16). A digest is a few KB of JSON that holds no events, but as an object of its own it
// paid what a log file pays — a queue job, a claim, an ingest_file row opened and closed, the
// streaming engine, a ledger record — about as much as storing it: here a page of them is claimed
// in one statement, fetched and parsed a few at a time in memory, given its ingest_file rows in
// one statement, stored in one batch (storeDigests: idempotent by key, so a digest read twice is stored once),
// and recorded in the ledger in one statement.
//
// Whatever is not a clean digest (a GET that fails, bad gzip or JSON, a file the digest schema
// does not understand, an object too large to hold) is given back to the ledger as queued and read
// the ordinary way (readObject), which retries it and, after its last attempt, reports it failed
// under its key — exactly as before, so no failure costs the sync or another object.

/** Claimed (and leased) at once: a page of 1,000 keys is read in chunks, well inside a lease. */
const CHUNK = 50;
/** Fetched and parsed at once (S3 round trips overlap); stored at once when a batch fails and each is stored alone. */
const FETCHES_AT_ONCE = 4;
const STORES_AT_ONCE = 4;
/**
 * Fetched ahead while the log files are read (DigestPrefetch): few at once, so the log files' lanes
 * keep the bucket, and no more decompressed JSON held than this, so a bucket of huge digests costs
 * memory only up to it (the rest are fetched when they are stored, as without prefetching).
 */
const PREFETCHES_AT_ONCE = 2;
const PREFETCH_JSON_BYTES = 16 * 1024 ** 2;
/** A digest names one hour's log files of one region: even a busy trail's is far below this. */
const MAX_DIGEST_BYTES = 16 * 1024 ** 2;
const MAX_DIGEST_JSON_BYTES = 64 * 1024 ** 2;

const gunzipAsync = promisify(gunzip);

export interface DigestReadOptions {
  /** Who holds the digests while they are read (a worker's or the CLI's id). */
  owner: string;
  leaseSeconds: number;
  signal?: AbortSignal;
  /** Digests fetched while the log files were read: taken instead of fetched again. */
  prefetched?: DigestPrefetch;
}

export interface DigestPageResult {
  /** Digests read, stored and recorded done, with the summary a read of the object would give. */
  read: { key: string; summary: FileSummary }[];
  /** Keys given back to the ledger as queued: the driver reads them the ordinary way. */
  handedBack: string[];
}

interface Fetched {
  key: string;
  etag: string;
  summary: FileSummary;
  digest: DigestFile;
  contentSha256: string;
  signature: string | null;
  /** Decompressed size: what holding it costs, for DigestPrefetch's bound. */
  jsonBytes: number;
}

/**
 * Reads the digest objects `keys` (queued in the run by the listing). If the database fails, the
 * keys not yet read are handed back (their claims released if it still answers): never thrown.
 */
export async function readDigestPage(
  prisma: PrismaClient,
  reader: BucketReader,
  ref: { sourceId: bigint; runId: bigint },
  keys: readonly string[],
  options: DigestReadOptions,
): Promise<DigestPageResult> {
  const result: DigestPageResult = { read: [], handedBack: [] };
  for (let i = 0; i < keys.length; i += CHUNK) {
    if (options.signal?.aborted) break;
    try {
      const chunk = await readChunk(prisma, reader, ref, keys.slice(i, i + CHUNK), options);
      result.read.push(...chunk.read);
      result.handedBack.push(...chunk.handedBack);
    } catch (error) {
      logger.error({ err: error }, "Could not read digest files in a batch; they are read one by one");
      result.handedBack.push(...keys.slice(i));
      break;
    }
  }
  return result;
}

async function readChunk(
  prisma: PrismaClient,
  reader: BucketReader,
  ref: { sourceId: bigint; runId: bigint },
  keys: readonly string[],
  options: DigestReadOptions,
): Promise<DigestPageResult> {
  const claimed = await claimObjects(prisma, ref.sourceId, ref.runId, keys, options.owner, options.leaseSeconds);
  const fetched: Fetched[] = [];
  const handedBack: string[] = [];
  await eachAtOnce(claimed, FETCHES_AT_ONCE, async (object) => {
    const ahead = options.prefetched?.take(object.key);
    const digest =
      object.size <= MAX_DIGEST_BYTES ? await (ahead ?? fetchDigest(reader, object.key, options.signal)) : null;
    if (digest) fetched.push(digest);
    else handedBack.push(object.key);
  });
  try {
    const fileIds = await recordReadFiles(
      prisma,
      { runId: ref.runId },
      fetched.map((f) => f.summary),
    );
    for (const f of fetched) f.summary.fileId = fileIds.get(f.summary.name)!.toString();
    await storeAll(prisma, fetched);
    const recorded = new Set(
      await recordReads(
        prisma,
        ref.sourceId,
        ref.runId,
        options.owner,
        fetched.map((f) => ({
          key: f.key,
          status: "done",
          etag: f.etag || null,
          outcome: "digest",
          errorCode: null,
          error: null,
          fileId: f.summary.fileId,
          recordsRead: 0,
          stored: 0,
          duplicates: 0,
          rejected: 0,
        })),
      ),
    );
    await releaseObjects(prisma, ref.sourceId, handedBack, options.owner, { attempted: true });
    // A digest not recorded lost its lease to another reader, who records it (stored once all the same).
    return {
      read: fetched.filter((f) => recorded.has(f.key)).map(({ key, summary }) => ({ key, summary })),
      handedBack,
    };
  } catch (error) {
    // The database failed: what this chunk claimed goes back to the ordinary path, if it can.
    await releaseObjects(
      prisma,
      ref.sourceId,
      claimed.map((o) => o.key),
      options.owner,
    ).catch(() => {});
    throw error;
  }
}

/**
 * Stores the chunk's digests in one batch (storeDigests: a few statements for all of them). If the
 * batch fails, each is stored on its own, so that one digest's failure is noted on its file alone.
 */
async function storeAll(prisma: PrismaClient, fetched: readonly Fetched[]): Promise<void> {
  if (fetched.length === 0) return;
  try {
    await storeDigests(
      prisma,
      fetched.map((f) => ({
        digest: f.digest,
        read: { contentSha256: f.contentSha256, fileId: BigInt(f.summary.fileId!), signature: f.signature },
      })),
    );
  } catch (error) {
    logger.warn({ err: error }, "Could not store digest files in a batch; they are stored one by one");
    await eachAtOnce(fetched, STORES_AT_ONCE, (f) => storeFetched(prisma, f, BigInt(f.summary.fileId!)));
  }
}

/** Stores one digest; like the engine's hook, a failure is logged and noted on its file, never thrown. */
async function storeFetched(prisma: PrismaClient, f: Fetched, fileId: bigint): Promise<void> {
  try {
    await storeDigest(prisma, f.digest, { contentSha256: f.contentSha256, fileId, signature: f.signature });
  } catch (error) {
    logger.error({ err: error, file: f.summary.name }, "Could not record a file for completeness");
    f.summary.note = `${f.summary.note}; not recorded for completeness: ${(error as Error).message}`;
    await prisma.ingestFile.update({ where: { id: fileId }, data: { note: f.summary.note } });
  }
}

/** One digest object, fetched and parsed whole; null for anything the ordinary read should handle. */
async function fetchDigest(reader: BucketReader, key: string, signal?: AbortSignal): Promise<Fetched | null> {
  const started = Date.now();
  try {
    const object = await reader.getObject(key, signal);
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of object.body) {
      size += chunk.byteLength;
      if (size > MAX_DIGEST_BYTES) return null;
      chunks.push(chunk);
    }
    const bytes = Buffer.concat(chunks);
    const gzipped = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
    const content = gzipped ? await gunzipAsync(bytes, { maxOutputLength: MAX_DIGEST_JSON_BYTES }) : bytes;
    // The engine hashes every decompressed byte (a byte-order mark too) and parses after the mark.
    const contentSha256 = createHash("sha256").update(content).digest("hex");
    const bom = content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf ? 3 : 0;
    const parsed = digestFileSchema.safeParse(JSON.parse(content.subarray(bom).toString("utf8")));
    if (!parsed.success) return null;
    const name = `s3://${reader.settings.bucket}/${key}`;
    const summary: FileSummary = {
      ...emptyFileSummary(name, null),
      outcome: "digest",
      format: "digest",
      note: `CloudTrail digest file — no events; names ${parsed.data.logFiles.length} log files (see Completeness)`,
      bytes: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      durationMs: Date.now() - started,
    };
    const signature = object.signature && /^[0-9a-fA-F]+$/.test(object.signature) ? object.signature : null;
    return {
      key,
      etag: object.etag,
      summary,
      digest: parsed.data,
      contentSha256,
      signature,
      jsonBytes: content.length,
    };
  } catch {
    return null; // read again the ordinary way, which reports why
  }
}

/**
 * The digests of a sync fetched and parsed while its log files are still being read (`npm run sync`),
 * so that once they are read only the digests' claim and statements are left on the sync's path: their
 * GETs were most of what reading digests added to it (issue 16). Nothing is claimed or stored here; a
 * digest's claim still comes first for what is recorded, and a digest another reader claimed meanwhile
 * is dropped unread. A fetch that fails gives null, as fetchDigest does, and the ordinary read takes it.
 */
export class DigestPrefetch {
  private readonly ahead = new Map<string, Promise<Fetched | null>>();
  private waiting: string[] = [];
  private running = 0;
  private held = 0;

  constructor(
    private readonly reader: BucketReader,
    private readonly signal?: AbortSignal,
    private readonly maxJsonBytes = PREFETCH_JSON_BYTES,
  ) {}

  add(keys: readonly string[]): void {
    this.waiting.push(...keys);
    this.pump();
  }

  /** The digest fetched ahead for `key`, if it was (then no longer held here). */
  take(key: string): Promise<Fetched | null> | undefined {
    const fetched = this.ahead.get(key);
    this.ahead.delete(key);
    return fetched;
  }

  private pump(): void {
    while (this.running < PREFETCHES_AT_ONCE && this.held < this.maxJsonBytes && this.waiting.length > 0) {
      const key = this.waiting.shift()!;
      this.running++;
      const fetched = fetchDigest(this.reader, key, this.signal).then((f) => {
        this.held += f?.jsonBytes ?? 0;
        this.running--;
        this.pump();
        return f;
      });
      this.ahead.set(key, fetched);
    }
  }
}

async function eachAtOnce<T>(items: readonly T[], atOnce: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(atOnce, items.length) }, lane));
}
