// npm run sync -- s3://bucket/prefix [--endpoint URL] [--region R] [--path-style] [--from YYYY-MM-DD]
//   [--to YYYY-MM-DD] [--account ID,...] [--aws-region R,...] [--concurrency N] [--json]
// A one-off sync of a trail's bucket through the same engine, ledger and run as the Sources
// page's, driven by this process (no worker needed). Credentials come from the AWS SDK's default
// chain (environment, profile, role). Re-running it fetches nothing already in the ledger.
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { env } from "@/lib/env";
import { exitAfterOutput } from "@/scripts/cli/exit-after-output";
import { formatTable } from "@/scripts/cli/format-table";
import { closePrismaClient } from "@/lib/db/create-client";
import { provideClient } from "@/lib/db/provide-client";
import { formatCount, formatSize } from "@/lib/format/numbers";
import { BucketReader } from "@/lib/sources/bucket";
import { SourceError } from "@/lib/sources/errors";
import { isAccountId, isDay, isRegionName, parseS3Url } from "@/lib/sources/layout";
import { createS3Client } from "@/lib/sources/s3-client";
import { cliSource, loadSyncSource } from "@/lib/sources/sources";
import { syncHere } from "@/lib/sources/sync-here";

const USAGE = `Usage: npm run sync -- s3://bucket[/prefix] [options]
  --endpoint URL        an S3-compatible endpoint (path-style addressing unless --virtual-hosted)
  --region R            the bucket's region (default: AWS_REGION, else us-east-1)
  --from YYYY-MM-DD     first day to read (default: everything the bucket holds)
  --to YYYY-MM-DD       last day to read (default: today)
  --account ID,...      only these accounts
  --aws-region R,...    only these regions
  --concurrency N       objects read at once (default ${env.CACHETRAIL_WORKER_CONCURRENCY})
  --json                print the summary as JSON (the shape of npm run ingest -- --json)`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    endpoint: { type: "string" },
    region: { type: "string" },
    "virtual-hosted": { type: "boolean", default: false },
    from: { type: "string" },
    to: { type: "string" },
    account: { type: "string" },
    "aws-region": { type: "string" },
    concurrency: { type: "string" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

const target = positionals.length === 1 ? parseS3Url(positionals[0]!) : null;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!target) fail("Give one s3://bucket/prefix URL.");
const list = (value: string | undefined, valid: (v: string) => boolean, what: string) => {
  const items = (value ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
  const bad = items.filter((v) => !valid(v));
  if (bad.length > 0) fail(`Not ${what}: ${bad.join(", ")}`);
  return items;
};
const accounts = list(values.account, isAccountId, "12-digit account ids");
const awsRegions = list(values["aws-region"], isRegionName, "AWS region names");
for (const day of [values.from, values.to])
  if (day !== undefined && !isDay(day)) fail(`Not a date (YYYY-MM-DD): ${day}`);
const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
if (!isRegionName(region)) fail(`Not an AWS region name: ${region}`);
let endpoint: string | null = null;
if (values.endpoint) {
  if (!/^https?:\/\/[^/]+/.test(values.endpoint)) fail(`Not an http(s) URL: ${values.endpoint}`);
  endpoint = values.endpoint.replace(/\/+$/, "");
}
const concurrency = Number(values.concurrency ?? env.CACHETRAIL_WORKER_CONCURRENCY);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) fail("--concurrency must be 1 to 64.");

const { database, prisma } = await provideClient((line) => !values.json && console.error(line), concurrency + 4);
const controller = new AbortController();
process.once("SIGINT", () => controller.abort());

const showProgress = !values.json && process.stderr.isTTY;
const bar = new cliProgress.SingleBar(
  {
    format: "{bar} {value}/{total} objects | {size} | {stored} events stored | {rate} events/s",
    hideCursor: true,
  },
  cliProgress.Presets.shades_classic,
);
const started = Date.now();
let done = 0;
let bytes = 0;
let stored = 0;
const progress = () => ({
  size: formatSize(bytes),
  stored: formatCount(stored),
  rate: formatCount(Math.round(stored / Math.max((Date.now() - started) / 1000, 0.001))),
});
if (showProgress) bar.start(0, 0, progress());

let exitCode = 0;
try {
  const sourceId = await cliSource(prisma, {
    bucket: target.bucket,
    prefix: target.prefix,
    region,
    endpoint,
    forcePathStyle: endpoint !== null && !values["virtual-hosted"],
  });
  const source = { ...(await loadSyncSource(prisma, sourceId, undefined)), filter: { accounts, awsRegions } };
  const reader = new BucketReader(
    createS3Client(source.connection, { maxSockets: concurrency * 2 }),
    source.connection,
  );
  const result = await syncHere(prisma, reader, source, {
    concurrency,
    from: values.from ?? null,
    to: values.to,
    signal: controller.signal,
    retries: env.CACHETRAIL_S3_RETRIES,
    cloudTrailEndpoint: env.CACHETRAIL_CLOUDTRAIL_ENDPOINT ?? null,
    retryDelaySeconds: Math.min(env.CACHETRAIL_S3_RETRY_DELAY_SECONDS, 5),
    ingest: { maxDecompressedBytes: env.INGEST_MAX_DECOMPRESSED_BYTES, maxRecordBytes: env.INGEST_MAX_RECORD_BYTES },
    onQueued: (total) => showProgress && bar.setTotal(total),
    onObjectDone: (_key, summary) => {
      done++;
      bytes += summary.bytes;
      stored += summary.stored;
      if (showProgress) bar.update(done, progress());
    },
  });
  if (showProgress) bar.stop();
  if (result.listingError || result.status !== "succeeded") exitCode = 1;

  if (values.json) {
    // resourceUsage().maxRSS is in KiB: the peak resident memory of this process.
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    console.log(
      JSON.stringify(
        {
          runId: result.runId,
          status: result.status,
          source: source.name,
          error: result.listingError?.message ?? null,
          listing: result.listing,
          peakRssBytes,
          files: result.files,
        },
        null,
        2,
      ),
    );
  } else {
    if (result.files.length > 0)
      console.log(
        formatTable(
          ["object", "outcome", "read", "stored", "duplicates", "rejected", "error"],
          result.files.map((f) => [
            f.name,
            f.outcome,
            f.recordsRead,
            f.stored,
            f.duplicates,
            f.rejected,
            f.error ?? "",
          ]),
        ),
      );
    if (result.listingError) console.error(`\n${result.listingError.message}`);
    const listing = result.listing
      ? ` Listed ${formatCount(result.listing.objectsListed)} object(s) in ${formatCount(result.listing.days)} day folder(s)` +
        ` of ${result.listing.streams} stream(s) with ${formatCount(result.listing.requests)} request(s);`
      : "";
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `\nRun ${result.runId}: ${result.status} —${listing} read ${formatCount(result.files.length)} new or changed object(s), ` +
        `${formatCount(stored)} new events, in ${seconds.toFixed(1)} s.`,
    );
  }
} catch (error) {
  if (showProgress) bar.stop();
  if (!(error instanceof SourceError)) throw error;
  console.error(error.message);
  exitCode = 1;
} finally {
  await closePrismaClient(prisma);
  await database.release();
}
exitAfterOutput(exitCode);
