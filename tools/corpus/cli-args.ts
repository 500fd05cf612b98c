// Argument parsing for `npm run corpus`, kept apart from the script so it can be unit-tested.

import type { CorpusOptions } from "./generate-corpus";

export const USAGE = `Usage: npm run corpus -- --out DIR --size SIZE [--elasticache-share 0.05] [--seed 1] [--no-gzip]
                         [--large-records] [--start ISO-TIME]

  --out DIR                 directory to write AWSLogs/... into (created if missing)
  --size SIZE               approximate uncompressed size: 500KB, 200MB, 1GB, or bytes
  --elasticache-share F     fraction of records that are ElastiCache events, 0–1 (default 0.05)
  --seed N                  integer seed; same seed and options give byte-identical files (default 1)
  --no-gzip                 write plain .json files instead of .json.gz
  --large-records           half of the other services' records are large (EC2 RunInstances of a fleet, 20–60 KB)
  --start ISO-TIME          time of the first event (default 2025-03-14T23:40:00Z)
  --calls-per-second R      mean API calls a second (default 40); low rates spread a corpus over months
  --until ISO-TIME          stop at this simulated time even if --size is not reached
  --stream ACCOUNT/REGION   deliver only this stream (repeatable; default every one)
  --drop-log N              the N-th log file (0-based) is named by its digest but not written (repeatable)
  --alter-log N             the N-th log file is written with one record's source IP rewritten after its digest hashed it
  --drop-digest N           the N-th digest file is not written, though the next one chains to it

Digests are signed with the test key in tools/corpus/test-key (load it: npm run keys -- import
tools/corpus/test-key/public-keys.json).`;

const UNITS: Record<string, number> = {
  B: 1,
  KB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  K: 1024,
  M: 1024 ** 2,
  G: 1024 ** 3,
};

/** "200MB" → 209715200; binary units (1 KB = 1024 bytes), case-insensitive, decimals allowed. */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = UNITS[(match?.[2] ?? "").toUpperCase() || "B"];
  if (!match || unit === undefined) throw new Error(`invalid size "${text}" (expected e.g. 500KB, 200MB, 1GB)`);
  const bytes = Math.round(Number(match[1]) * unit);
  if (bytes <= 0) throw new Error(`size must be positive: "${text}"`);
  return bytes;
}

export function parseCorpusArgs(argv: readonly string[]): CorpusOptions {
  const options: Partial<CorpusOptions> = { elastiCacheShare: 0.05, seed: 1, gzip: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? "";
    const [name, inline] = flag.includes("=")
      ? [flag.slice(0, flag.indexOf("=")), flag.slice(flag.indexOf("=") + 1)]
      : [flag, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new Error(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case "--out":
        options.outDir = value();
        break;
      case "--size":
        options.sizeBytes = parseSize(value());
        break;
      case "--elasticache-share": {
        const share = Number(value());
        if (!Number.isFinite(share) || share < 0 || share > 1)
          throw new Error("--elasticache-share must be a number between 0 and 1");
        options.elastiCacheShare = share;
        break;
      }
      case "--seed": {
        const seed = Number(value());
        if (!Number.isInteger(seed)) throw new Error("--seed must be an integer");
        options.seed = seed;
        break;
      }
      case "--no-gzip":
        options.gzip = false;
        break;
      case "--large-records":
        options.largeRecords = true;
        break;
      case "--start": {
        const start = new Date(value());
        if (Number.isNaN(start.getTime())) throw new Error("--start must be an ISO-8601 time");
        options.startTime = start;
        break;
      }
      case "--calls-per-second": {
        const rate = Number(value());
        if (!(rate > 0)) throw new Error("--calls-per-second must be a positive number");
        options.callsPerSecond = rate;
        break;
      }
      case "--until": {
        const until = new Date(value());
        if (Number.isNaN(until.getTime())) throw new Error("--until must be an ISO-8601 time");
        options.until = until;
        break;
      }
      case "--stream":
        options.streams = [...(options.streams ?? []), value()];
        break;
      case "--drop-log":
      case "--alter-log":
      case "--drop-digest": {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number from 0`);
        const field = (
          { "--drop-log": "dropLogFiles", "--alter-log": "alterLogFiles", "--drop-digest": "dropDigests" } as const
        )[name];
        options.tampering = { ...options.tampering, [field]: [...(options.tampering?.[field] ?? []), n] };
        break;
      }
      default:
        throw new Error(`unknown argument "${flag}"`);
    }
  }
  if (!options.outDir) throw new Error("--out is required");
  if (options.sizeBytes === undefined) throw new Error("--size is required");
  return options as CorpusOptions;
}
