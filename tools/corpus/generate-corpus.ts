// The corpus generator: interleaves ElastiCache and other-service records on a simulated clock
// and streams them through the delivery simulation to disk. Only the open five-minute windows
// are held in memory, so the corpus size doesn't change the memory used.

import { Delivery, type Tampering, type TamperingReport } from "./delivery";
import { CorpusFileWriter } from "./file-writer";
import { createWorld, DEFAULT_START_TIME } from "./world";

export interface CorpusOptions {
  outDir: string;
  /** Approximate total uncompressed size of the files written. */
  sizeBytes: number;
  /** Fraction of records that are ElastiCache events, 0–1. */
  elastiCacheShare: number;
  seed: number;
  /** Default true: `.json.gz` files as CloudTrail writes them; false writes plain `.json`. */
  gzip?: boolean;
  startTime?: Date;
  /** Mean API calls a second across the organization (default 40): low rates spread a small corpus over months. */
  callsPerSecond?: number;
  /** Stop at this simulated time even if the size is not reached. */
  until?: Date;
  /** Only these "account/region" streams are delivered (default: every one). */
  streams?: readonly string[];
  /** Half of the other services' records are large (EC2 RunInstances of a fleet, 20–60 KB each). */
  largeRecords?: boolean;
  /** Log files or digests to drop or alter, to test completeness. */
  tampering?: Tampering;
}

export interface CorpusSummary {
  /** All files written, log and digest. */
  files: number;
  digestFiles: number;
  /** Record entries in log files, duplicates included. */
  records: number;
  /** ElastiCache record entries, duplicates included. */
  elastiCacheRecords: number;
  uniqueElastiCacheEventIds: number;
  /** Extra copies of records delivered a second time (same eventID, identical bytes). */
  duplicateRecords: number;
  bytesUncompressed: number;
  bytesWritten: number;
  /** Log files dropped or altered and digests dropped (`tampering`), with the digest that names each file. */
  tampered: TamperingReport;
}

/** About 40 API calls a second across the organization: five-minute files of a few hundred KB to several MB. */
const MEAN_GAP_MS = 25;

export function validateCorpusOptions(options: CorpusOptions): void {
  if (!options.outDir) throw new Error("outDir is required");
  if (!Number.isFinite(options.sizeBytes) || options.sizeBytes <= 0)
    throw new Error("sizeBytes must be a positive number");
  const share = options.elastiCacheShare;
  if (!Number.isFinite(share) || share < 0 || share > 1) throw new Error("elastiCacheShare must be between 0 and 1");
  if (!Number.isFinite(options.seed)) throw new Error("seed must be a finite number");
  if (options.startTime && Number.isNaN(options.startTime.getTime())) throw new Error("startTime is not a valid date");
  if (options.until && Number.isNaN(options.until.getTime())) throw new Error("until is not a valid date");
  if (options.callsPerSecond !== undefined && !(options.callsPerSecond > 0))
    throw new Error("callsPerSecond must be positive");
}

export async function generateCorpus(options: CorpusOptions): Promise<CorpusSummary> {
  validateCorpusOptions(options);
  const startMs = (options.startTime ?? DEFAULT_START_TIME).getTime();
  const world = createWorld(options.seed, startMs, options.largeRecords ?? false);
  const { clock, scheduleRng } = world;
  const writer = new CorpusFileWriter(options.outDir, options.gzip ?? true);
  const delivery = new Delivery(world.deliveryRng, writer, options.tampering);
  let records = 0;
  let elastiCacheRecords = 0;
  let uniqueElastiCacheEventIds = 0;

  const meanGapMs = options.callsPerSecond ? 1000 / options.callsPerSecond : MEAN_GAP_MS;
  const untilMs = options.until?.getTime() ?? Number.POSITIVE_INFINITY;
  const streams = options.streams ? new Set(options.streams) : null;
  while (delivery.plannedBytes < options.sizeBytes && clock.nowMs < untilMs) {
    clock.nowMs += Math.max(1, Math.round(scheduleRng.exponential(meanGapMs)));
    if (clock.nowMs >= delivery.nextDeadlineMs) await delivery.advanceTo(clock.nowMs);
    const isElastiCache = scheduleRng.float() < options.elastiCacheShare;
    const batch = isElastiCache ? world.elastiCache.next() : [world.noise.next()];
    for (const generated of batch) {
      if (streams && !streams.has(`${generated.accountId}/${generated.region}`)) continue;
      const line = JSON.stringify(generated.record);
      const copies = delivery.add(generated.accountId, generated.region, line, generated.timeMs, clock.nowMs) ? 2 : 1;
      records += copies;
      if (isElastiCache) {
        elastiCacheRecords += copies;
        uniqueElastiCacheEventIds += 1;
      }
    }
  }
  await delivery.finish();
  await writer.close();
  return {
    files: writer.files,
    digestFiles: delivery.digestFiles,
    records,
    elastiCacheRecords,
    uniqueElastiCacheEventIds,
    duplicateRecords: delivery.duplicateRecords,
    bytesUncompressed: writer.bytesUncompressed,
    bytesWritten: writer.bytesWritten,
    tampered: delivery.tampered,
  };
}
