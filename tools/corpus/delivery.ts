// Simulates CloudTrail delivery: one log stream per (account, region), a file about every five
// minutes holding that window's records in no particular order, ~1 % of records delivered again
// in the stream's next file (same eventID, identical bytes), and hourly digest files.

import { ACCOUNTS, LOG_BUCKET, ORGANIZATION_ID, type Account } from "./accounts";
import { recordsFileContent, type CorpusFileWriter } from "./file-writer";
import type { Rng } from "./prng";
import { ALPHABETS } from "./prng";
import { datePath, isoSeconds, minuteStamp, secondStamp, HOUR, MINUTE } from "./time-format";
import { signDigest, TEST_KEY_FINGERPRINT } from "./signing";

/**
 * Damage done on purpose, to test completeness (lib/completeness): the n-th log file delivered
 * (0-based, over all streams) is named by its digest but not written, or written altered after its
 * digest hashed it (one record's source IP rewritten); the n-th digest is not written though the next chains to it.
 */
export interface Tampering {
  dropLogFiles?: readonly number[];
  alterLogFiles?: readonly number[];
  dropDigests?: readonly number[];
}

/** What was tampered with: the keys, and the digest that names each log file. */
export interface TamperingReport {
  droppedLogFiles: { key: string; digestKey: string }[];
  alteredLogFiles: { key: string; digestKey: string }[];
  droppedDigests: string[];
}

const WINDOW_MS = 5 * MINUTE;
/** Safety valve: CloudTrail also cuts a file when it grows large. */
const MAX_FILE_BYTES = 24 * 1024 * 1024;
const DUPLICATE_RATE = 0.01;

interface DeliveredFile {
  key: string;
  tampered: "dropped" | "altered" | null;
  sha256: string;
  deliveredMs: number;
  oldestMs: number;
  newestMs: number;
}

interface Stream {
  account: Account;
  region: string;
  /** "AWSLogs/<account>/" or, for the organization trail, "AWSLogs/<org id>/<account>/". */
  prefix: string;
  lines: string[];
  bytes: number;
  oldestMs: number;
  newestMs: number;
  windowEndMs: number;
  /** Chosen during the current window, delivered again in the next file. */
  duplicatesChosen: { line: string; timeMs: number }[];
  duplicatesDue: { line: string; timeMs: number }[];
  delivered: DeliveredFile[];
  digestStartMs: number;
  digestEndMs: number;
  previousDigest?: { key: string; sha256: string; signature: string };
}

export class Delivery {
  digestFiles = 0;
  duplicateRecords = 0;
  /** Bytes of record text queued so far (records, separators, duplicates): drives the size target. */
  plannedBytes = 0;
  nextDeadlineMs = Number.POSITIVE_INFINITY;
  readonly tampered: TamperingReport = { droppedLogFiles: [], alteredLogFiles: [], droppedDigests: [] };
  private readonly streams = new Map<string, Stream>();
  private logFilesDelivered = 0;
  private digestsDelivered = 0;

  constructor(
    private readonly rng: Rng,
    private readonly writer: CorpusFileWriter,
    private readonly tampering: Tampering = {},
  ) {}

  private stream(accountId: string, region: string, nowMs: number): Stream {
    const id = `${accountId}/${region}`;
    let stream = this.streams.get(id);
    if (stream) return stream;
    const account = ACCOUNTS.find((a) => a.id === accountId);
    if (!account) throw new Error(`unknown account ${accountId}`);
    const digestEndMs = nowMs + this.rng.between(5, 60) * MINUTE;
    stream = {
      account,
      region,
      prefix:
        account.trailKind === "organization" ? `AWSLogs/${ORGANIZATION_ID}/${account.id}/` : `AWSLogs/${account.id}/`,
      lines: [],
      bytes: 0,
      oldestMs: Infinity,
      newestMs: -Infinity,
      // Streams deliver on their own schedules, not in lockstep.
      windowEndMs: nowMs + this.rng.between(30, 300) * 1000,
      duplicatesChosen: [],
      duplicatesDue: [],
      delivered: [],
      digestStartMs: digestEndMs - HOUR,
      digestEndMs,
    };
    this.rng.hex(32); // drawn as before signatures were real, so a seed still gives the same files
    this.streams.set(id, stream);
    this.nextDeadlineMs = Math.min(this.nextDeadlineMs, stream.windowEndMs, stream.digestEndMs);
    return stream;
  }

  /** Queues one record (already serialised) into its stream's current window. */
  add(accountId: string, region: string, line: string, timeMs: number, nowMs: number): boolean {
    const stream = this.stream(accountId, region, nowMs);
    stream.lines.push(line);
    stream.bytes += line.length + 1;
    stream.oldestMs = Math.min(stream.oldestMs, timeMs);
    stream.newestMs = Math.max(stream.newestMs, timeMs);
    this.plannedBytes += line.length + 1;
    if (stream.bytes >= MAX_FILE_BYTES) this.nextDeadlineMs = Number.NEGATIVE_INFINITY;
    const duplicate = this.rng.chance(DUPLICATE_RATE);
    if (duplicate) {
      stream.duplicatesChosen.push({ line, timeMs });
      this.duplicateRecords += 1;
      this.plannedBytes += line.length + 1;
    }
    return duplicate;
  }

  /** Delivers every window and digest period that ended before `nowMs`. */
  async advanceTo(nowMs: number): Promise<void> {
    if (nowMs < this.nextDeadlineMs) return;
    let next = Number.POSITIVE_INFINITY;
    for (const stream of this.streams.values()) {
      if (stream.bytes >= MAX_FILE_BYTES) await this.deliverWindow(stream, false);
      while (nowMs >= stream.windowEndMs) await this.deliverWindow(stream, true);
      while (nowMs >= stream.digestEndMs) await this.deliverDigest(stream, false);
      next = Math.min(next, stream.windowEndMs, stream.digestEndMs);
    }
    this.nextDeadlineMs = next;
  }

  /** Delivers what is left: the last windows, the late redeliveries, and a closing digest per stream. */
  async finish(): Promise<void> {
    for (const stream of this.streams.values()) {
      await this.deliverWindow(stream, true);
      if (stream.duplicatesDue.length > 0) await this.deliverWindow(stream, true);
      await this.deliverDigest(stream, true);
    }
  }

  /** `rollWindow` false: an early cut of an oversized window, which keeps its schedule. */
  private async deliverWindow(stream: Stream, rollWindow: boolean): Promise<void> {
    const windowEnd = rollWindow ? stream.windowEndMs : stream.newestMs;
    if (rollWindow) stream.windowEndMs = windowEnd + WINDOW_MS;
    const due = stream.duplicatesDue;
    stream.duplicatesDue = stream.duplicatesChosen;
    stream.duplicatesChosen = [];
    if (stream.lines.length === 0 && due.length === 0) return;
    const lines = stream.lines;
    let oldest = stream.oldestMs;
    let newest = stream.newestMs;
    for (const d of due) {
      lines.push(d.line);
      oldest = Math.min(oldest, d.timeMs);
      newest = Math.max(newest, d.timeMs);
    }
    this.rng.shuffle(lines); // CloudTrail guarantees no order inside a file
    stream.lines = [];
    stream.bytes = 0;
    stream.oldestMs = Infinity;
    stream.newestMs = -Infinity;
    const deliveredMs = Math.max(windowEnd, newest) + this.rng.between(20, 240) * 1000;
    const { account, region } = stream;
    const folder = `${stream.prefix}CloudTrail/${region}/${datePath(deliveredMs)}`;
    const suffix = `${this.rng.chars(ALPHABETS.MIXED_ALNUM, 16)}${this.writer.extension}`;
    const key = `${folder}/${account.id}_CloudTrail_${region}_${minuteStamp(deliveredMs)}_${suffix}`;
    const n = this.logFilesDelivered++;
    const content = recordsFileContent(lines);
    let sha256: string;
    let tampered: DeliveredFile["tampered"] = null;
    if (this.tampering.dropLogFiles?.includes(n)) {
      sha256 = this.writer.hashOf(content);
      tampered = "dropped";
    } else if (this.tampering.alterLogFiles?.includes(n)) {
      sha256 = this.writer.hashOf(content);
      // Someone hides where a call came from: one record's source IP rewritten.
      const first = JSON.parse(lines[0] as string) as Record<string, unknown>;
      const altered = [JSON.stringify({ ...first, sourceIPAddress: "203.0.113.66" }), ...lines.slice(1)];
      await this.writer.write(key, recordsFileContent(altered));
      tampered = "altered";
    } else {
      sha256 = await this.writer.write(key, content);
    }
    stream.delivered.push({ key, tampered, sha256, deliveredMs, oldestMs: oldest, newestMs: newest });
  }

  /** Hourly digest: hashes of the files delivered in the period, chained to the previous digest. */
  private async deliverDigest(stream: Stream, closing: boolean): Promise<void> {
    const included = stream.delivered.filter((f) => closing || f.deliveredMs <= stream.digestEndMs);
    // The closing digest also covers the last deliveries, which may land after the scheduled end.
    const endMs = Math.max(stream.digestEndMs, ...included.map((f) => f.deliveredMs + MINUTE));
    const startMs = stream.digestStartMs;
    stream.digestStartMs = endMs;
    stream.digestEndMs = endMs + HOUR;
    stream.delivered = stream.delivered.filter((f) => !included.includes(f));
    const { account, region } = stream;
    const folder = `${stream.prefix}CloudTrail-Digest/${region}/${datePath(endMs)}`;
    const name = `${account.id}_CloudTrail-Digest_${region}_${account.trailName}_${region}_${secondStamp(endMs)}`;
    const key = `${folder}/${name}${this.writer.extension}`;
    if (stream.previousDigest) this.rng.hex(512); // likewise: keeps the random stream of earlier versions
    const times = included.flatMap((f) => [f.oldestMs, f.newestMs]);
    const digest = {
      awsAccountId: account.id,
      digestStartTime: isoSeconds(startMs),
      digestEndTime: isoSeconds(endMs),
      digestS3Bucket: LOG_BUCKET,
      digestS3Object: key,
      digestPublicKeyFingerprint: TEST_KEY_FINGERPRINT,
      digestSignatureAlgorithm: "SHA256withRSA",
      newestEventTime: times.length > 0 ? isoSeconds(Math.max(...times)) : null,
      oldestEventTime: times.length > 0 ? isoSeconds(Math.min(...times)) : null,
      previousDigestS3Bucket: stream.previousDigest ? LOG_BUCKET : null,
      previousDigestS3Object: stream.previousDigest?.key ?? null,
      previousDigestHashValue: stream.previousDigest?.sha256 ?? null,
      previousDigestHashAlgorithm: stream.previousDigest ? "SHA-256" : null,
      previousDigestSignature: stream.previousDigest?.signature ?? null,
      logFiles: included.map((f) => ({
        s3Bucket: LOG_BUCKET,
        s3Object: f.key,
        hashValue: f.sha256,
        hashAlgorithm: "SHA-256",
        newestEventTime: isoSeconds(f.newestMs),
        oldestEventTime: isoSeconds(f.oldestMs),
      })),
    };
    for (const f of included) {
      if (f.tampered === "dropped") this.tampered.droppedLogFiles.push({ key: f.key, digestKey: key });
      if (f.tampered === "altered") this.tampered.alteredLogFiles.push({ key: f.key, digestKey: key });
    }
    const content = Buffer.from(JSON.stringify(digest), "utf8");
    const sha256 = this.writer.hashOf(content);
    if (this.tampering.dropDigests?.includes(this.digestsDelivered++)) this.tampered.droppedDigests.push(key);
    else await this.writer.write(key, content);
    // CloudTrail puts the signature in the object's metadata, and the next digest repeats it.
    stream.previousDigest = { key, sha256, signature: signDigest(digest, sha256) };
    this.digestFiles += 1;
  }
}
